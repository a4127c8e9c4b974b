using System.Diagnostics;
using Recommender.Storage;

namespace Recommender.StorageBench;

/// <summary>One measured configuration: how many appends were acknowledged, with how many fsyncs, how fast.</summary>
internal sealed record AppendRunResult(
    int Appenders, bool Fsync, long Appends, double Seconds, long Fsyncs, double P50Milliseconds, double P99Milliseconds)
{
    public double AppendsPerSecond => Appends / Seconds;
}

/// <summary>
/// Runs <c>appenders</c> concurrent loops, each appending one record and waiting for its
/// acknowledgement before the next, on a fresh log; a warm-up second is not counted.
/// </summary>
internal static class AppendRun
{
    public static async Task<AppendRunResult> MeasureAsync(string directory, int appenders, int recordBytes, double seconds, bool fsync)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var payload = new byte[recordBytes];
        new Random(1).NextBytes(payload);
        using RecordLog log = RecordLog.Open(directory, new RecordLogOptions { FlushToDisk = fsync });
        var measuring = false;
        var stop = false;
        var latencies = new List<long>[appenders];
        Task[] loops = Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var mine = latencies[a] = new List<long>(1 << 16);
            while (!Volatile.Read(ref stop))
            {
                long start = Stopwatch.GetTimestamp();
                await log.AppendAsync(payload);
                if (Volatile.Read(ref measuring))
                {
                    mine.Add(Stopwatch.GetTimestamp() - start);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        LogStatistics before = log.Statistics;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        LogStatistics after = log.Statistics;
        double elapsed = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(loops);

        long[] all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, p * all.Length)] * 1000.0 / Stopwatch.Frequency;
        return new AppendRunResult(appenders, fsync, after.Appends - before.Appends, elapsed, after.Fsyncs - before.Fsyncs,
            Percentile(0.50), Percentile(0.99));
    }
}
