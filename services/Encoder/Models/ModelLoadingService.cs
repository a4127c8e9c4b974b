using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Recommender.Encoder.Models;

/// <summary>
/// Loads and warms up the models in the background when the host starts, so the process can answer
/// health checks (not serving) while <see cref="ModelRegistry.IsReady"/> is still false.
/// </summary>
public sealed class ModelLoadingService(ModelRegistry registry, ILogger<ModelLoadingService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var started = TimeProvider.System.GetTimestamp();
        registry.LoadAll();
        logger.LogInformation("Model loading finished in {Elapsed}: {Loaded} loaded ({Names}), {Failed} failed, ready: {Ready}",
            TimeProvider.System.GetElapsedTime(started), registry.Models.Count, string.Join(", ", registry.Models.Select(m => m.Name)),
            registry.Errors.Count, registry.IsReady);
    }
}
