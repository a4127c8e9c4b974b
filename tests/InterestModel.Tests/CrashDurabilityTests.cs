using Grpc.Core;
using Recommender.InterestModel.Tests.Infrastructure;
using static Recommender.InterestModel.Tests.Infrastructure.Events;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests;

/// <summary>
/// Durability across kill -9: the real service runs as a child process, writers stream acknowledged batches at it,
/// the test SIGKILLs it mid-stream, restarts it on the same data directory, and checks that every acknowledged event
/// is counted and none twice (also after resending everything).
/// </summary>
public sealed class CrashDurabilityTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Writers = 4;
    private const int UsersPerWriter = 3;
    private const int EventsPerBatch = 25;

    private readonly TempDirectory data = new();
    private readonly string[] items = Enumerable.Range(0, 12).Select(i => $"item{i}").ToArray();
    private CatalogStandIn catalog = null!;

    public async Task InitializeAsync()
    {
        catalog = await CatalogStandIn.StartAsync();
        for (var i = 0; i < items.Length; i++)
        {
            catalog.Put(items[i], $"Item {i}", $"Top{i % 3}/Sub{i % 4}", i, 1, 0);
        }
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Every_acknowledged_event_survives_kill_minus_9_and_none_counts_twice()
    {
        // Small log thresholds so that recovery goes through snapshots written mid-stream plus log replay.
        string[] settings = ["InterestModel:Storage:SnapshotAfterLogBytes=32768", "InterestModel:Storage:Log:SegmentBytes=131072"];
        var ledger = new Ledger();

        for (var round = 0; round < 2; round++)
        {
            await using var service = await InterestModelProcess.StartAsync(data.Path, catalog.Address, settings);
            await ledger.CheckAsync(service.Client, round == 0 ? "before the first kill" : $"after kill {round}");

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteUntilFailureAsync(service.Client, ledger, round, w, stop.Token))).ToArray();
            // Kill once a fair number of batches has been acknowledged in this round, while writers are mid-stream.
            var target = ledger.Acknowledged + 40;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (ledger.Acknowledged < target && DateTime.UtcNow < deadline && writers.All(w => !w.IsCompleted))
            {
                await Task.Delay(20);
            }
            Assert.True(ledger.Acknowledged >= target, $"writers stalled:\n{service.RecentOutput}");
            service.Kill();
            stop.Cancel();
            await Task.WhenAll(writers);
            output.WriteLine($"round {round}: killed with {ledger.Acknowledged} batches acknowledged of {ledger.AllBatches.Count} sent; "
                + $"snapshots {Directory.GetFiles(Path.Combine(data.Path, "snapshots"), "*.snap").Length}, "
                + $"log segments {Directory.GetFiles(Path.Combine(data.Path, "log"), "*.log").Length}");
        }

        await using (var service = await InterestModelProcess.StartAsync(data.Path, catalog.Address, settings))
        {
            await ledger.CheckAsync(service.Client, "after the last kill");
            // Resend every batch ever sent, acknowledged or not: each event then counts exactly once.
            var counted = await ledger.CountedAsync(service.Client);
            output.WriteLine($"after restart: {counted.Values.Sum()} events counted, {ledger.Acknowledged * EventsPerBatch} acknowledged, {ledger.EventsSent} sent");
            long accepted = 0, duplicates = 0;
            foreach (var batch in ledger.AllBatches)
            {
                var response = await service.Client.RecordEventsAsync(batch);
                accepted += response.Accepted;
                duplicates += response.Duplicates;
            }
            Assert.Equal(ledger.EventsSent, accepted + duplicates);
            Assert.Equal(counted.Values.Sum(), duplicates);
            var final = await ledger.CountedAsync(service.Client);
            foreach (var (user, sent) in ledger.SentPerUser)
            {
                Assert.Equal(sent, final[user]);
            }
        }
    }

    private async Task WriteUntilFailureAsync(Proto.InterestModel.InterestModelClient client, Ledger ledger, int round, int writer, CancellationToken stop)
    {
        var random = new Random(round * 100 + writer);
        for (var b = 0; !stop.IsCancellationRequested; b++)
        {
            var user = $"w{writer}-u{b % UsersPerWriter}";
            var batch = Batch(Enumerable.Range(0, EventsPerBatch)
                .Select(i => View($"r{round}-w{writer}-b{b}-e{i}", user, items[random.Next(items.Length)], TimeSpan.FromMinutes(random.Next(1, 600))))
                .ToArray());
            ledger.Sending(user, batch);
            try
            {
                var response = await client.RecordEventsAsync(batch, deadline: DateTime.UtcNow.AddSeconds(20));
                Assert.Equal(EventsPerBatch, response.Accepted);
                ledger.Acknowledge(user, batch);
            }
            catch (RpcException)
            {
                return; // the service died under this call: the batch stays unacknowledged (it may or may not be durable)
            }
        }
    }

    /// <summary>What was sent and what was acknowledged, per user.</summary>
    private sealed class Ledger
    {
        private readonly object gate = new();
        private readonly Dictionary<string, long> sent = new();
        private readonly Dictionary<string, long> acknowledged = new();
        private readonly List<Proto.RecordEventsRequest> batches = [];

        public long Acknowledged
        {
            get
            {
                lock (gate)
                {
                    return acknowledged.Values.Sum() / EventsPerBatch;
                }
            }
        }

        public long EventsSent
        {
            get
            {
                lock (gate)
                {
                    return sent.Values.Sum();
                }
            }
        }

        public IReadOnlyDictionary<string, long> SentPerUser
        {
            get
            {
                lock (gate)
                {
                    return new Dictionary<string, long>(sent);
                }
            }
        }

        public IReadOnlyList<Proto.RecordEventsRequest> AllBatches
        {
            get
            {
                lock (gate)
                {
                    return [.. batches];
                }
            }
        }

        public void Sending(string user, Proto.RecordEventsRequest batch)
        {
            lock (gate)
            {
                sent[user] = sent.GetValueOrDefault(user) + batch.Events.Count;
                batches.Add(batch);
            }
        }

        public void Acknowledge(string user, Proto.RecordEventsRequest batch)
        {
            lock (gate)
            {
                acknowledged[user] = acknowledged.GetValueOrDefault(user) + batch.Events.Count;
            }
        }

        /// <summary>Each user's counted events (applied plus waiting for their item).</summary>
        public async Task<Dictionary<string, long>> CountedAsync(Proto.InterestModel.InterestModelClient client)
        {
            var result = new Dictionary<string, long>();
            foreach (var user in SentPerUser.Keys)
            {
                var profile = await client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = user });
                result[user] = profile.EventCount + profile.PendingEventCount;
            }
            return result;
        }

        /// <summary>Every acknowledged event is counted; nothing beyond what was sent is.</summary>
        public async Task CheckAsync(Proto.InterestModel.InterestModelClient client, string when)
        {
            var counted = await CountedAsync(client);
            lock (gate)
            {
                foreach (var (user, count) in counted)
                {
                    var acked = acknowledged.GetValueOrDefault(user);
                    Assert.True(count >= acked, $"{when}: {user} has {count} events counted but {acked} were acknowledged");
                    Assert.True(count <= sent[user], $"{when}: {user} has {count} events counted but only {sent[user]} were sent");
                    Assert.Equal(0, count % EventsPerBatch); // batches are all or nothing
                }
            }
        }
    }
}
