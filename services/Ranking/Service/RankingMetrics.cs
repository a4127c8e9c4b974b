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

    public RankingMetrics()
    {
        _candidates = _meter.CreateHistogram<int>("ranking.candidates", "{candidate}", "Candidates per Rank request");
        _latency = _meter.CreateHistogram<double>("ranking.rank.duration", "ms", "Time to rank one request");
    }

    /// <summary>Records one request; <paramref name="outcome"/> is "ok" or "invalid".</summary>
    public void Record(int candidates, double milliseconds, string outcome)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _candidates.Record(candidates, tag);
        _latency.Record(milliseconds, tag);
    }

    public void Dispose() => _meter.Dispose();
}
