using System.Diagnostics;

namespace Recommender.Bench.Grpc;

/// <summary>Closed-loop load: each worker sends the next call as soon as the last one answered.</summary>
public static class ClosedLoop
{
    /// <param name="serverProcessId">The server process, whose CPU time per call is reported beside the client's.</param>
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, int serverProcessId, Func<Task> call)
    {
        var clientCpuBefore = ProcessCpu.OfSelf();
        var serverCpuBefore = ProcessCpu.Of(serverProcessId);
        var totalCalls = 0L;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var stop = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(100_000);
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= stop)
                {
                    return latencies;
                }
                try
                {
                    await call();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }
                Interlocked.Increment(ref totalCalls);
                if (began >= measureFrom)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                }
            }
        })).ToArray();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).Order().ToArray();
        var clientCpuMicroseconds = (ProcessCpu.OfSelf() - clientCpuBefore).TotalMicroseconds / Math.Max(totalCalls, 1);
        var serverCpuMicroseconds = (ProcessCpu.Of(serverProcessId) - serverCpuBefore).TotalMicroseconds / Math.Max(totalCalls, 1);
        return new LoadResult(all.Length / duration.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), errors, clientCpuMicroseconds, serverCpuMicroseconds);
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)(p * (sorted.Length - 1))];
}

public sealed record LoadResult(double CallsPerSecond, double P50Ms, double P99Ms, int Errors, double ClientCpuMicroseconds = double.NaN, double ServerCpuMicroseconds = double.NaN);

/// <summary>CPU time (user + system) of a process, from /proc.</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan OfSelf() => Process.GetCurrentProcess().TotalProcessorTime;

    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
