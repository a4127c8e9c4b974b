using System.Diagnostics;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// Open-loop load: calls start on a fixed schedule (rate per second) whether or not earlier ones have answered,
/// as independent users arrive. Latency runs from a call's scheduled start, so a client or server that falls
/// behind shows as latency rather than as fewer calls (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    /// <summary>More calls in flight than this counts the rest as failures ("client overload") instead of queueing them without bound.</summary>
    public const int MaxInFlight = 2000;

    /// <summary>Runs for <paramref name="duration"/>; each call's result goes to the recorder <paramref name="recorderAt"/> picks by its scheduled start (seconds from the start).</summary>
    public static async Task RunAsync(double rate, TimeSpan duration, Func<int, BenchCall> callOf, Func<double, LatencyRecorder> recorderAt)
    {
        var frequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var stop = start + (long)(duration.TotalSeconds * frequency);
        var interval = frequency / rate;
        var inFlight = 0;
        var calls = new List<Task>();
        for (var i = 0; ; i++)
        {
            var scheduled = start + (long)(i * interval);
            if (scheduled >= stop)
            {
                break;
            }
            var wait = scheduled - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait / frequency));
            }
            var recorder = recorderAt((scheduled - start) / frequency);
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                recorder.Fail("client overload", $"more than {MaxInFlight} calls in flight");
                continue;
            }
            Interlocked.Increment(ref inFlight);
            var call = callOf(i);
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    await OneAsync(call, scheduled, recorder);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
            if (calls.Count >= 4096)
            {
                calls.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(calls);
    }

    private static async Task OneAsync(BenchCall call, long scheduled, LatencyRecorder recorder)
    {
        if (await ClosedLoop.CallAsync(call, scheduled, recorder) is long latency)
        {
            recorder.AddLatencies([latency]);
        }
    }
}
