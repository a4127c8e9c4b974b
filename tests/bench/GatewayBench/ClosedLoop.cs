using System.Diagnostics;
using System.Net;
using Grpc.Core;

namespace Recommender.Bench.GatewayBench;

/// <summary>One call of a case; returns a note for a success worth counting apart (e.g. "degraded"), or null.</summary>
public delegate Task<string?> BenchCall();

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each sending its next call as soon as the last one
/// answered, for a fixed time. Each worker gets its own call from the factory (its own seeded random).
/// </summary>
public static class ClosedLoop
{
    public static async Task RunAsync(int concurrency, TimeSpan duration, Func<int, BenchCall> callOfWorker, LatencyRecorder recorder)
    {
        var start = Stopwatch.GetTimestamp();
        var stop = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var call = callOfWorker(worker);
            var latencies = new List<long>(4096);
            while (Stopwatch.GetTimestamp() < stop)
            {
                if (await CallAsync(call, Stopwatch.GetTimestamp(), recorder) is long latency)
                {
                    latencies.Add(latency);
                }
            }
            recorder.AddLatencies(latencies);
        })).ToArray();
        await Task.WhenAll(workers);
        recorder.AddMeasuredTime(Stopwatch.GetTimestamp() - start);
    }

    /// <summary>
    /// Makes one call and returns its latency in Stopwatch ticks from <paramref name="began"/>, noting what the call
    /// returned; a failed call is recorded by kind and returns null.
    /// </summary>
    public static async Task<long?> CallAsync(BenchCall call, long began, LatencyRecorder recorder)
    {
        try
        {
            var note = await call();
            var latency = Stopwatch.GetTimestamp() - began;
            if (note is not null)
            {
                recorder.Note(note);
            }
            return latency;
        }
        catch (RpcException e)
        {
            recorder.Fail(e.StatusCode.ToString(), e.Status.Detail);
        }
        catch (HttpRequestException e)
        {
            recorder.Fail(e.StatusCode is HttpStatusCode code ? $"HTTP {(int)code}" : "HTTP transport error", e.Message);
        }
        catch (TaskCanceledException e)
        {
            recorder.Fail("client timeout", e.Message);
        }
        return null;
    }

    /// <summary>Load that is not measured: JIT, connection pools, caches.</summary>
    public static Task WarmUpAsync(int concurrency, TimeSpan duration, Func<int, BenchCall> callOfWorker) =>
        duration <= TimeSpan.Zero ? Task.CompletedTask : RunAsync(concurrency, duration, callOfWorker, new LatencyRecorder());
}
