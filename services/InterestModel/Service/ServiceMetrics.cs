using System.Diagnostics.Metrics;
using Recommender.InterestModel.Persistence;

namespace Recommender.InterestModel.Service;

/// <summary>
/// Instruments of meter <c>Recommender.InterestModel</c> (on /metrics): events recorded, duplicates, events waiting
/// for their item, users, GetInterests latency, catalog lookups, the dedupe window and refused log records.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Recommender.InterestModel";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> eventsRecorded;
    private readonly Counter<long> duplicates;
    private readonly Counter<long> catalogLookups;
    private readonly Histogram<double> getInterestsDuration;

    public ServiceMetrics(InterestStore store)
    {
        eventsRecorded = meter.CreateCounter<long>("interest_model.events.recorded", "{event}", "New events accepted (applied now or waiting for their item).");
        duplicates = meter.CreateCounter<long>("interest_model.events.duplicates", "{event}", "Events whose event id was already recorded (counted once).");
        catalogLookups = meter.CreateCounter<long>("interest_model.catalog.lookups", "{call}", "GetItems calls to the catalog, by outcome (ok, failed, skipped while backing off).");
        getInterestsDuration = meter.CreateHistogram<double>("interest_model.get_interests.duration", "ms", "GetInterests handling time.");
        meter.CreateObservableGauge("interest_model.events.pending", () => Observe(store, s => (long)s.Engine.Counts.PendingEvents), "{event}",
            "Events waiting for their item to appear in the catalog.");
        meter.CreateObservableGauge("interest_model.users", () => Observe(store, s => (long)s.Engine.Counts.Users), "{user}", "Users with state.");
        meter.CreateObservableGauge("interest_model.items", () => Observe(store, s => (long)s.Engine.Counts.Items), "{item}", "Items known to the model.");
        meter.CreateObservableGauge("interest_model.dedupe.entries", () => Observe(store, s => s.State.Dedupe.Count), "{id}",
            "Event ids in the global dedupe window.");
        meter.CreateObservableGauge("interest_model.dedupe.window", () => Observe(store, s =>
            s.State.Dedupe.CoveredSince is { } since ? (DateTimeOffset.UtcNow - since).TotalSeconds : 0), "s",
            "How far back the dedupe window reaches (shorter than the retention only when MaxEntries forced early drops).");
        meter.CreateObservableCounter("interest_model.log.refused_records", () => Observe(store, s => s.State.RefusedRecords), "{record}",
            "Log records the state refused (capacity full), replay included.");
    }

    public void Recorded(int accepted, int duplicateCount)
    {
        if (accepted > 0)
        {
            eventsRecorded.Add(accepted);
        }
        if (duplicateCount > 0)
        {
            duplicates.Add(duplicateCount);
        }
    }

    public void CatalogLookup(string outcome) => catalogLookups.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void GetInterestsTook(TimeSpan elapsed) => getInterestsDuration.Record(elapsed.TotalMilliseconds);

    private static IEnumerable<Measurement<T>> Observe<T>(InterestStore store, Func<InterestStore, T> read) where T : struct =>
        store.IsReady ? [new Measurement<T>(read(store))] : [];

    public void Dispose() => meter.Dispose();
}
