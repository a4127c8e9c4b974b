using System.Diagnostics.Metrics;
using Recommender.CandidateRetrieval.Persistence;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Instruments of meter <c>Recommender.CandidateRetrieval</c> (on /metrics): catalog size, categories, index memory and
/// tombstones, items upserted (by where the vector came from) and deleted, encoder calls, and Retrieve latency.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Recommender.CandidateRetrieval";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> upserted;
    private readonly Counter<long> deleted;
    private readonly Counter<long> encoderCalls;
    private readonly Counter<long> encoderTexts;
    private readonly Histogram<double> retrieveDuration;
    private readonly Histogram<long> retrieveCandidates;

    public ServiceMetrics(CatalogStore store)
    {
        upserted = meter.CreateCounter<long>("candidate_retrieval.items.upserted", "{item}",
            "Items written by UpsertItems and UpsertItemsStream, by vector source (request or encoder).");
        deleted = meter.CreateCounter<long>("candidate_retrieval.items.deleted", "{item}", "Items removed by DeleteItems.");
        encoderCalls = meter.CreateCounter<long>("candidate_retrieval.encoder.calls", "{call}", "Encode calls to the encoder, by outcome (ok, busy: turned away and retried, failed).");
        encoderTexts = meter.CreateCounter<long>("candidate_retrieval.encoder.texts", "{text}", "Item texts sent to the encoder, by outcome.");
        retrieveDuration = meter.CreateHistogram<double>("candidate_retrieval.retrieve.duration", "ms", "Retrieve handling time, by search kind (index or exact).");
        retrieveCandidates = meter.CreateHistogram<long>("candidate_retrieval.retrieve.candidates", "{item}", "Candidates returned per Retrieve.");
        meter.CreateObservableGauge("candidate_retrieval.items", () => Observe(store, s => (long)s.State.Count), "{item}", "Items in the catalog.");
        meter.CreateObservableGauge("candidate_retrieval.categories", () => Observe(store, s => (long)s.State.CategoryCount), "{category}",
            "Category tree nodes with at least one item.");
        meter.CreateObservableGauge("candidate_retrieval.index.memory", () => Observe(store, s => s.State.Vectors?.Index.GetStatistics().EstimatedBytes ?? 0),
            "By", "Approximate memory of the vector index.");
        meter.CreateObservableGauge("candidate_retrieval.index.tombstones", () => Observe(store, s => (long)(s.State.Vectors?.Index.GetStatistics().Tombstones ?? 0)),
            "{item}", "Deleted or replaced items still in the index, waiting for compaction.");
    }

    public void Upserted(int withVector, int embedded)
    {
        if (withVector > 0)
        {
            upserted.Add(withVector, new KeyValuePair<string, object?>("vector", "request"));
        }
        if (embedded > 0)
        {
            upserted.Add(embedded, new KeyValuePair<string, object?>("vector", "encoder"));
        }
    }

    public void Deleted(int count) => deleted.Add(count);

    public void EncoderCall(string outcome, int texts)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        encoderCalls.Add(1, tag);
        encoderTexts.Add(texts, tag);
    }

    public void Retrieved(TimeSpan elapsed, bool exact, int candidates)
    {
        retrieveDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("search", exact ? "exact" : "index"));
        retrieveCandidates.Record(candidates);
    }

    private static IEnumerable<Measurement<T>> Observe<T>(CatalogStore store, Func<CatalogStore, T> read) where T : struct =>
        store.IsReady ? [new Measurement<T>(read(store))] : [];

    public void Dispose() => meter.Dispose();
}
