using Microsoft.Extensions.Hosting;

namespace Recommender.Encoder.Service;

/// <summary>
/// Loads the models in the background when the host starts (the ports open at once and health
/// says NOT_SERVING until <see cref="ServedModels.LoadAsync"/> is done), and drains the batchers
/// when the host stops: queued texts still run, new requests get UNAVAILABLE, and texts still queued
/// at the host's shutdown timeout fail with UNAVAILABLE.
/// </summary>
public sealed class EncoderStartup(ServedModels models) : IHostedService
{
    private Task _loading = Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(models.LoadAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Loading cannot be interrupted, and the sessions must not be released under it.
        await _loading.ConfigureAwait(false);
        await models.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
