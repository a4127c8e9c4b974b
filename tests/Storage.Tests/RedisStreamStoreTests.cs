using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Storage.Redis;

namespace Recommender.Storage.Tests;

/// <summary>
/// <see cref="RedisStreamStore"/> against a real redis-server: replicas converge to the same state with the same
/// sequence numbers, a Redis that would not fsync is refused, a kill -9 of redis-server loses no acknowledged
/// record, and a replica opened later starts from the shared snapshot plus the log after it.
/// </summary>
public sealed class RedisStreamStoreTests
{
    private static RedisStoreOptions Options(RedisServer redis) =>
        new() { Configuration = redis.Configuration, KeyPrefix = "test", PollInterval = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task Two_replicas_appending_at_once_apply_the_same_records_in_the_same_order()
    {
        using var redis = RedisServer.Start();
        var (stateA, stateB) = (new KeyValueState(), new KeyValueState());
        await using var a = await RedisStreamStore.OpenAsync(Options(redis), stateA, NullLogger.Instance);
        await using var b = await RedisStreamStore.OpenAsync(Options(redis), stateB, NullLogger.Instance);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var store = writer % 2 == 0 ? a : b;
            for (int i = 0; i < 40; i++)
            {
                var result = await store.AppendAsync([KeyValueState.Set($"k{i % 7}", $"w{writer}-{i}")]);
                acknowledged.Add(result.FirstSequence);
            }
        })));

        Assert.Equal(Enumerable.Range(1, 320).Select(i => (long)i), acknowledged.Order());
        await WaitUntil(() => a.LastAppliedSequence == 320 && b.LastAppliedSequence == 320);
        Assert.Equal(stateA.Applied, stateB.Applied);
        Assert.Equal(stateA.Values, stateB.Values);
    }

    [Fact]
    public async Task A_redis_that_would_not_fsync_is_refused_unless_the_operator_allows_it()
    {
        using var redis = RedisServer.Start(appendFsync: "everysec");
        var refused = await Assert.ThrowsAsync<StorageException>(() => RedisStreamStore.OpenAsync(Options(redis), new KeyValueState(), NullLogger.Instance));
        Assert.Contains("appendfsync everysec", refused.Message);
        Assert.Contains("AllowWithoutFsync", refused.Message);
        var options = Options(redis);
        options.AllowWithoutFsync = true;
        await using var store = await RedisStreamStore.OpenAsync(options, new KeyValueState(), NullLogger.Instance);
        Assert.Equal(1, (await store.AppendAsync([KeyValueState.Set("k", "v")])).FirstSequence);
    }

    [Fact]
    public async Task Kill_minus_9_of_redis_server_loses_no_acknowledged_record()
    {
        using var redis = RedisServer.Start();
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await using (var store = await RedisStreamStore.OpenAsync(Options(redis), new KeyValueState(), NullLogger.Instance))
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        await store.AppendAsync([KeyValueState.Set($"w{writer}-{i}", "acknowledged")]);
                        acknowledged[$"w{writer}-{i}"] = "acknowledged";
                    }
                    catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                    {
                        return;
                    }
                }
            })).ToArray();
            await WaitUntil(() => acknowledged.Count >= 200);
            redis.Kill();
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        redis.Restart();
        var recovered = new KeyValueState();
        await using (var store = await RedisStreamStore.OpenAsync(Options(redis), recovered, NullLogger.Instance))
        {
            Assert.All(acknowledged.Keys, key => Assert.True(recovered.Values.ContainsKey(key), $"{key} was acknowledged and is lost"));
        }
    }

    [Fact]
    public async Task A_replica_opened_later_starts_from_the_shared_snapshot_plus_the_log_after_it()
    {
        using var redis = RedisServer.Start();
        var first = new KeyValueState();
        await using var a = await RedisStreamStore.OpenAsync(Options(redis), first, NullLogger.Instance);
        for (int i = 0; i < 50; i++)
        {
            await a.AppendAsync([KeyValueState.Set($"k{i % 9}", $"v{i}")]);
        }
        Assert.True(await a.SnapshotAsync());
        for (int i = 50; i < 60; i++)
        {
            await a.AppendAsync([KeyValueState.Set($"k{i % 9}", $"v{i}")]);
        }
        Assert.True(await a.SnapshotAsync()); // trims the log to the first snapshot

        var later = new KeyValueState();
        await using var b = await RedisStreamStore.OpenAsync(Options(redis), later, NullLogger.Instance);
        Assert.Equal(60, later.LoadedSnapshot);
        Assert.Empty(later.Applied);
        await b.AppendAsync([KeyValueState.Set("after", "snapshot")]);
        await WaitUntil(() => a.LastAppliedSequence == 61);
        Assert.Equal(first.Values, later.Values);
        Assert.Equal(61, b.LastAppliedSequence);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(10);
        }
    }
}
