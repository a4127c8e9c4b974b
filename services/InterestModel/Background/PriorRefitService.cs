using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.InterestModel.Persistence;
using Recommender.InterestModel.Service;

namespace Recommender.InterestModel.Background;

/// <summary>
/// Refits the population prior by empirical Bayes (<see cref="Engine.InterestEngine.RefitPrior"/>) off the request
/// path: once after recovery, then whenever <see cref="InterestServiceOptions.RefitEveryEvents"/> new events arrived
/// (but not sooner than <see cref="InterestServiceOptions.RefitMinInterval"/> after the last refit) or
/// <see cref="InterestServiceOptions.RefitInterval"/> passed with any new event.
/// </summary>
internal sealed class PriorRefitService(
    InterestStore store,
    RefitSchedule schedule,
    InterestServiceOptions options,
    TimeProvider time,
    ILogger<PriorRefitService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Refits completed since start.</summary>
    public int Refits => refits;

    private int refits;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.WhenReady.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception) when (!store.IsReady)
        {
            return;
        }
        await Task.Yield();
        Refit("after recovery");
        var last = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RefitInterval < CheckInterval ? options.RefitInterval : CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var pending = schedule.EventsSinceLastRefit;
            var now = time.GetUtcNow();
            var since = now - last;
            if ((pending >= options.RefitEveryEvents && since >= options.RefitMinInterval) || (pending > 0 && since >= options.RefitInterval))
            {
                Refit($"{pending} new events");
                last = now;
            }
        }
    }

    private void Refit(string reason)
    {
        try
        {
            schedule.Reset();
            var clock = Stopwatch.StartNew();
            var summary = store.Engine.RefitPrior();
            Interlocked.Increment(ref refits);
            logger.LogInformation("Refitted the population prior ({Reason}) from {Users} users in {Elapsed} ms", reason, summary.Users, clock.ElapsedMilliseconds);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Refitting the population prior failed; the previous prior stays in force");
        }
    }
}
