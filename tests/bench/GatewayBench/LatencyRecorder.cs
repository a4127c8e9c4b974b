using System.Collections.Concurrent;
using System.Diagnostics;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// Latencies (Stopwatch ticks) and failures of one measured case, possibly gathered over several
/// slices of closed-loop load (the hop comparison interleaves two cases slice by slice).
/// </summary>
public sealed class LatencyRecorder
{
    private readonly List<long> _ticks = new();
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _notes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _firstDetails = new(StringComparer.Ordinal);
    private long _measuredTicks;

    /// <summary>Adds one worker's successful-call latencies.</summary>
    public void AddLatencies(List<long> ticks)
    {
        lock (_ticks)
        {
            _ticks.AddRange(ticks);
        }
    }

    /// <summary>Adds wall-clock time under load, the denominator of calls per second.</summary>
    public void AddMeasuredTime(long ticks) => Interlocked.Add(ref _measuredTicks, ticks);

    /// <summary>A failed call, by kind (a gRPC status code, an HTTP status): not in the latencies.</summary>
    public void Fail(string kind, string detail)
    {
        _failures.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _firstDetails.TryAdd(kind, detail);
    }

    /// <summary>A successful call worth counting apart (e.g. a degraded Recommend): still in the latencies.</summary>
    public void Note(string kind) => _notes.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public LatencySummary Summarize()
    {
        double[] milliseconds;
        lock (_ticks)
        {
            milliseconds = _ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        }
        Array.Sort(milliseconds);
        var seconds = (double)Interlocked.Read(ref _measuredTicks) / Stopwatch.Frequency;
        return new LatencySummary(
            milliseconds.Length,
            seconds > 0 ? milliseconds.Length / seconds : double.NaN,
            Percentiles.Of(milliseconds, 0.50),
            Percentiles.Of(milliseconds, 0.99),
            milliseconds.Length > 0 ? milliseconds[^1] : double.NaN,
            new SortedDictionary<string, int>(_failures, StringComparer.Ordinal),
            new SortedDictionary<string, int>(_notes, StringComparer.Ordinal),
            new SortedDictionary<string, string>(_firstDetails, StringComparer.Ordinal));
    }
}

/// <summary>What one case measured.</summary>
public sealed record LatencySummary(
    int Calls,
    double CallsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, int> Failures,
    IReadOnlyDictionary<string, int> Notes,
    IReadOnlyDictionary<string, string> FirstFailureDetails)
{
    public int FailureCount => Failures.Values.Sum();

    public string FailuresText => Failures.Count == 0 ? "0" : string.Join(", ", Failures.Select(f => $"{f.Value} {f.Key}"));

    public string NotesText => Notes.Count == 0 ? "-" : string.Join(", ", Notes.Select(n => $"{n.Value} {n.Key}"));
}
