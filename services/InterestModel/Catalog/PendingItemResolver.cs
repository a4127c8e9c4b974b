using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.InterestModel.Persistence;
using Recommender.InterestModel.Service;

namespace Recommender.InterestModel.Catalog;

/// <summary>
/// Resolves events that wait for their item: every <see cref="InterestServiceOptions.PendingPollInterval"/> it asks
/// the catalog for the items they wait for and makes the ones it has durable (an item record in the log), which
/// applies the waiting events. An item the catalog does not have is asked for again later, the interval doubling per
/// miss up to <see cref="InterestServiceOptions.PendingMaxBackoff"/>; a catalog that is down is skipped while the
/// client backs off. Waiting events are never dropped.
/// </summary>
internal sealed class PendingItemResolver(
    InterestStore store,
    CatalogClient catalog,
    InterestServiceOptions options,
    TimeProvider time,
    ILogger<PendingItemResolver> logger) : BackgroundService
{
    private readonly object gate = new();
    private readonly Dictionary<string, (int Misses, DateTimeOffset NextAt)> misses = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Records that the catalog does not have these items (yet): they are asked for again after a backoff.</summary>
    public void NoteMissing(IEnumerable<string> itemIds)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            foreach (var id in itemIds)
            {
                var count = misses.TryGetValue(id, out var miss) ? miss.Misses + 1 : 1;
                var delay = TimeSpan.FromTicks((long)Math.Min(options.PendingMaxBackoff.Ticks,
                    options.PendingPollInterval.Ticks * Math.Pow(2, Math.Min(count - 1, 30))));
                misses[id] = (count, now + delay);
            }
        }
    }

    /// <summary>Of <paramref name="itemIds"/>, those not reported missing recently (worth asking the catalog for now).</summary>
    public List<string> NotBackingOff(IEnumerable<string> itemIds)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return itemIds.Where(id => !misses.TryGetValue(id, out var miss) || miss.NextAt <= now).ToList();
        }
    }

    /// <summary>Starts a resolution round now instead of at the next poll.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // a round is already due
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.WhenReady.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception) when (!store.IsReady)
        {
            return; // stopping, or the store failed to open (logged there)
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ResolveOnceAsync(stoppingToken).ConfigureAwait(false);
                await wake.WaitAsync(options.PendingPollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Resolving events that wait for their item failed; retrying at the next poll");
                await Task.Delay(options.PendingPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One round: looks up the due waiting items and records those found. Returns the events resolved.</summary>
    public async Task<int> ResolveOnceAsync(CancellationToken cancellationToken)
    {
        if (!catalog.CanCall)
        {
            return 0;
        }
        var engine = store.Engine;
        // All of them (at most Limits.MaxPendingEvents), so items the catalog keeps not having cannot starve others.
        var waitingFor = engine.PendingItemIds(int.MaxValue);
        var now = time.GetUtcNow();
        List<string> due;
        lock (gate)
        {
            // Forget backoffs of items nobody waits for any more (resolved, or their users deleted).
            var waiting = waitingFor.ToHashSet(StringComparer.Ordinal);
            foreach (var id in misses.Keys.Where(id => !waiting.Contains(id)).ToList())
            {
                misses.Remove(id);
            }
            due = waitingFor.Where(id => !misses.TryGetValue(id, out var miss) || miss.NextAt <= now).Take(options.PendingLookupsPerPoll).ToList();
        }
        if (due.Count == 0)
        {
            return 0;
        }
        var lookup = await catalog.GetItemsAsync(due, includeVectors: true, options.CatalogTimeout, cancellationToken).ConfigureAwait(false);
        var (accepted, refused) = ItemAdmission.ToEngineItems(engine, lookup.Found, logger);
        NoteMissing(lookup.Missing.Concat(refused));
        if (accepted.Count == 0)
        {
            return 0;
        }
        var outcomes = await store.AppendAsync(ItemAdmission.LogEntriesFor(accepted).ToList()).ConfigureAwait(false);
        lock (gate)
        {
            foreach (var item in accepted)
            {
                misses.Remove(item.ItemId);
            }
        }
        var resolved = outcomes.OfType<ItemsAdded>().Sum(o => o.ResolvedEvents);
        logger.LogInformation("{Items} items arrived in the catalog; {Events} waiting events are now counted", accepted.Count, resolved);
        return resolved;
    }
}
