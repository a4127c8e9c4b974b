using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Storage;
using Recommender.Storage.Redis;
using StackExchange.Redis;

namespace Recommender.StorageBench;

/// <summary>
/// Acknowledged appends per second through a whole store with a trivial state: the embedded <see cref="DurableStore"/>
/// (one replica by nature) and the shared <see cref="RedisStreamStore"/> with one or two replicas in this process, the
/// appenders split between them. Each append waits until Redis has it on disk and its replica applied it.
/// </summary>
internal static class SharedStoreRun
{
    public static async Task<AppendRunResult> MeasureAsync(string? redisConfiguration, string directory, int replicas, int appenders,
        int recordBytes, double seconds)
    {
        var payload = new byte[recordBytes];
        new Random(1).NextBytes(payload);
        string prefix = $"storage-bench-{Guid.NewGuid():N}";
        var stores = new List<Func<ReadOnlyMemory<byte>, Task>>();
        var closers = new List<Func<ValueTask>>();
        if (redisConfiguration is null)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            var store = DurableStore.Open(new DurableStoreOptions { DataDirectory = directory, SnapshotAfterLogBytes = 0 }, new CountingState());
            stores.Add(record => store.AppendAsync(record));
            closers.Add(store.DisposeAsync);
        }
        else
        {
            for (int r = 0; r < replicas; r++)
            {
                var store = await RedisStreamStore.OpenAsync(new RedisStoreOptions { Configuration = redisConfiguration, KeyPrefix = prefix },
                    new CountingState(), NullLogger.Instance);
                stores.Add(record => store.AppendAsync([record]));
                closers.Add(store.DisposeAsync);
            }
        }

        long appends = 0;
        var measuring = false;
        var stop = false;
        var latencies = new List<long>[appenders];
        Task[] loops = Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var mine = latencies[a] = new List<long>(1 << 16);
            var append = stores[a % stores.Count];
            while (!Volatile.Read(ref stop))
            {
                long start = Stopwatch.GetTimestamp();
                await append(payload);
                if (Volatile.Read(ref measuring))
                {
                    mine.Add(Stopwatch.GetTimestamp() - start);
                    Interlocked.Increment(ref appends);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        double elapsed = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(loops);
        foreach (var close in closers)
        {
            await close();
        }
        if (redisConfiguration is not null)
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
            await redis.GetDatabase().KeyDeleteAsync([$"{{{prefix}}}:log", $"{{{prefix}}}:snapshot"]);
        }

        long[] all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, p * all.Length)] * 1000.0 / Stopwatch.Frequency;
        return new AppendRunResult(appenders, true, Interlocked.Read(ref appends), elapsed, 0, Percentile(0.50), Percentile(0.99));
    }

    /// <summary>A state that only counts what it is given.</summary>
    private sealed class CountingState : IDurableState
    {
        private long records;

        public void LoadSnapshot(Stream payload, long lastSequence) => records = lastSequence;

        public void Apply(LogRecord record) => records++;

        public ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken)
        {
            destination.Write(BitConverter.GetBytes(records));
            return ValueTask.CompletedTask;
        }
    }
}
