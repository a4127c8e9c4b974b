using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.CandidateRetrieval.Service;
using Recommender.Hosting.Health;

namespace Recommender.CandidateRetrieval.Persistence;

/// <summary>
/// Opens the store in the background when the service starts (the ports already listen; health says NOT_SERVING and
/// calls get UNAVAILABLE until recovery is done), and on a graceful stop writes a snapshot and closes it. A store that
/// cannot open (corrupt log, locked directory) stops the process with exit code 1.
/// </summary>
internal sealed class CatalogStoreHost(
    CatalogStore store,
    ServiceReadiness readiness,
    CandidateRetrievalOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<CatalogStoreHost> logger) : IHostedService
{
    public const string Condition = "catalog recovered";

    private Task? opening;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.Set(Condition, ready: false, "loading the snapshot and replaying the catalog log");
        opening = Task.Run(() =>
        {
            try
            {
                store.Open();
                var report = store.OpenReport!;
                readiness.Set(Condition, ready: true,
                    $"{store.State.Count} items; replayed {report.ReplayedRecords} log records after the snapshot in {report.Elapsed.TotalMilliseconds:F0} ms");
                logger.LogInformation(
                    "Catalog recovered from {Directory}: {Items} items of dimension {Dimension}, snapshot at {Snapshot}, {Replayed} records replayed, torn tail {Torn} bytes",
                    options.DataDirectory, store.State.Count, store.State.Dimension, report.Snapshot?.LastSequence ?? 0, report.ReplayedRecords,
                    report.Log.TornTailBytes);
            }
            catch (Exception e)
            {
                readiness.Set(Condition, ready: false, $"failed: {e.Message}");
                logger.LogCritical(e, "The catalog in {Directory} could not be opened; stopping", options.DataDirectory);
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
