using System.Diagnostics.Metrics;

namespace Recommender.Ranking.Service;

/// <summary>Instruments of the meter <c>Recommender.Ranking</c> (exported on /metrics by the host).</summary>
public sealed class RankingMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Recommender.Ranking";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<int> _candidates;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _weightLoads;

    public RankingMetrics()
    {
        _candidates = _meter.CreateHistogram<int>("ranking.candidates", "{candidate}", "Candidates per Rank request");
        _latency = _meter.CreateHistogram<double>("ranking.rank.duration", "ms", "Time to rank one request");
        _weightLoads = _meter.CreateCounter<long>("ranking.weights.loads", "{load}", "Weights put in service by LoadWeights or RollbackWeights, by version");
    }

    /// <summary>Records one request; <paramref name="outcome"/> is "ok" or "invalid".</summary>
    public void Record(int candidates, double milliseconds, string outcome)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _candidates.Record(candidates, tag);
        _latency.Record(milliseconds, tag);
    }

    /// <summary>Records that <paramref name="version"/> went into service.</summary>
    public void RecordWeights(string version) => _weightLoads.Add(1, new KeyValuePair<string, object?>("version", version));

    public void Dispose() => _meter.Dispose();
}
