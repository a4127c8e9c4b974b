using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.Hosting.Health;
using Recommender.InterestModel.Service;

namespace Recommender.InterestModel.Persistence;

/// <summary>
/// Opens the store in the background when the service starts (the ports are already listening; health says
/// NOT_SERVING and calls get UNAVAILABLE until recovery is done), and on a graceful stop writes a snapshot and closes
/// it. A store that cannot open (corrupt log, locked directory) stops the process with exit code 1.
/// </summary>
internal sealed class InterestStoreHost(
    InterestStore store,
    ServiceReadiness readiness,
    InterestServiceOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<InterestStoreHost> logger) : IHostedService
{
    public const string Condition = "interest state recovered";

    private Task? opening;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.Set(Condition, ready: false, "loading the snapshot and replaying the event log");
        opening = Task.Run(() =>
        {
            try
            {
                store.Open();
                var report = store.OpenReport!;
                readiness.Set(Condition, ready: true,
                    $"replayed {report.ReplayedRecords} log records after the snapshot in {report.Elapsed.TotalMilliseconds:F0} ms");
                logger.LogInformation("Interest state recovered from {Directory}: {Counts}; {Refused} log records refused",
                    options.DataDirectory, store.Engine.Counts, store.State.RefusedRecords);
            }
            catch (Exception e)
            {
                readiness.Set(Condition, ready: false, $"failed: {e.Message}");
                logger.LogCritical(e, "The interest state in {Directory} could not be opened; stopping", options.DataDirectory);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (opening is not null)
        {
            await opening.ConfigureAwait(false);
        }
        if (store.IsReady && options.SnapshotOnShutdown)
        {
            try
            {
                var snapshot = await store.SnapshotAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Snapshot at sequence {Sequence} written on shutdown", snapshot.LastSequence);
            }
            catch (Exception e)
            {
                logger.LogError(e, "The shutdown snapshot failed; the next start replays the log instead");
            }
        }
        await store.DisposeAsync().ConfigureAwait(false);
    }
}
