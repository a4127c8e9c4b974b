using System.Numerics.Tensors;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>
/// Durability across kill -9. The real service runs as a child process; three writers send UpsertItems batches and a
/// fourth streams UpsertItemsStream messages (a quarter of the items without a vector, embedded by the real encoder);
/// the test SIGKILLs the service mid-stream, restarts it on the same data directory and reads the whole catalog back:
/// every acknowledged item is there with its content and vector, every item there was sent, batches are whole (never
/// partly applied), and a stream's applied messages are a prefix of what it sent. Writes that were durable but not yet
/// answered when the process died may be there (whole); nothing else is. Twice in a row, with snapshots taken mid-run.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class CrashDurabilityTests(EncoderHost encoder, ITestOutputHelper output) : IDisposable
{
    private const int UnaryWriters = 3;
    private const int ItemsPerBatch = 40;
    private const int MessagesPerStream = 5;
    private const int Dimension = 384; // the encoder's model embeds a quarter of the items
    private static readonly string[] Colours = ["red", "green", "blue", "black", "white", "yellow", "grey", "brown"];
    private static readonly string[] Things = ["shirt", "lamp", "chair", "phone", "kettle", "jacket", "table", "camera"];

    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Every_acknowledged_item_survives_kill_minus_9_mid_stream_and_nothing_is_half_applied()
    {
        // Small thresholds so that recovery goes through snapshots written mid-run plus log replay.
        string[] settings = ["CandidateRetrieval:Storage:SnapshotAfterLogBytes=262144", "CandidateRetrieval:Storage:Log:SegmentBytes=1048576",
            "Logging:LogLevel:Default=Warning"];
        var ledger = new Ledger();

        for (var round = 0; round < 2; round++)
        {
            await using var service = await RetrievalProcess.StartAsync(data.Path, encoder.Address, settings);
            await ledger.CheckAsync(service.Client, round == 0 ? "at the first start" : $"after kill {round}", output);

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, UnaryWriters).Select(w => Task.Run(() => UnaryWriterAsync(service.Client, ledger, round, w, stop.Token)))
                .Append(Task.Run(() => StreamWriterAsync(service.Client, ledger, round, stop.Token))).ToArray();
            // Kill once a fair number of batches is acknowledged in this round, while a stream is partly sent.
            var target = ledger.AcknowledgedBatches + 24;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((ledger.AcknowledgedBatches < target || ledger.OpenStreamMessages < 2) && DateTime.UtcNow < deadline && writers.All(w => !w.IsCompleted))
            {
                await Task.Delay(10);
            }
            Assert.True(ledger.AcknowledgedBatches >= target && ledger.OpenStreamMessages >= 2,
                $"writers stalled ({ledger.AcknowledgedBatches} acknowledged, {ledger.OpenStreamMessages} stream messages open):\n{service.RecentOutput}");
            service.Kill();
            stop.Cancel();
            await Task.WhenAll(writers);
            output.WriteLine($"round {round}: killed with {ledger.AcknowledgedBatches} of {ledger.SentBatches} batches acknowledged; " +
                $"snapshots {Directory.GetFiles(Path.Combine(data.Path, "snapshots"), "*.snap").Length}, " +
                $"log segments {Directory.GetFiles(Path.Combine(data.Path, "log"), "*.log").Length}");
        }

        await using (var service = await RetrievalProcess.StartAsync(data.Path, encoder.Address, settings))
        {
            await ledger.CheckAsync(service.Client, "after the last kill", output);
        }
    }

    private static async Task UnaryWriterAsync(Proto.CandidateRetrieval.CandidateRetrievalClient client, Ledger ledger, int round, int writer, CancellationToken stop)
    {
        for (var b = 0; !stop.IsCancellationRequested; b++)
        {
            var batch = ledger.Sending(MakeBatch($"r{round}-w{writer}-b{b}", b), stream: null);
            try
            {
                var response = await client.UpsertItemsAsync(Upsert(batch.Items), deadline: DateTime.UtcNow.AddSeconds(30));
                Assert.Equal(ItemsPerBatch, response.Upserted);
                ledger.Acknowledge([batch]);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                return; // the service died under this call: the batch stays unacknowledged (it may or may not be durable)
            }
        }
    }

    private static async Task StreamWriterAsync(Proto.CandidateRetrieval.CandidateRetrievalClient client, Ledger ledger, int round, CancellationToken stop)
    {
        for (var s = 0; !stop.IsCancellationRequested; s++)
        {
            var stream = ledger.OpenStream();
            try
            {
                using var call = client.UpsertItemsStream(deadline: DateTime.UtcNow.AddSeconds(60));
                for (var m = 0; m < MessagesPerStream; m++)
                {
                    var batch = ledger.Sending(MakeBatch($"r{round}-s{s}-m{m}", m), stream);
                    await call.RequestStream.WriteAsync(Upsert(batch.Items));
                    await Task.Delay(5);
                }
                await call.RequestStream.CompleteAsync();
                var response = await call;
                Assert.Equal(ItemsPerBatch * MessagesPerStream, response.Upserted);
                ledger.Acknowledge(stream);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                return;
            }
            finally
            {
                ledger.CloseStream(stream);
            }
        }
    }

    private static Proto.Item[] MakeBatch(string name, int seed)
    {
        var random = new Random(name.GetHashCode(StringComparison.Ordinal));
        return Enumerable.Range(0, ItemsPerBatch).Select(i =>
        {
            var title = $"{Colours[(i + seed) % Colours.Length]} {Things[i % Things.Length]}";
            if (i % 4 == 0)
            {
                return Of($"{name}-i{i}", $"Crash/{Things[i % Things.Length]}", title: title); // embedded by the encoder
            }
            var vector = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            return Of($"{name}-i{i}", $"Crash/{Things[i % Things.Length]}", vector, title);
        }).ToArray();
    }

    private sealed class SentBatch(Proto.Item[] items)
    {
        public Proto.Item[] Items { get; } = items;

        public bool Acknowledged { get; set; }
    }

    /// <summary>What was sent and what was acknowledged.</summary>
    private sealed class Ledger
    {
        private readonly object gate = new();
        private readonly List<SentBatch> batches = [];
        private readonly List<List<SentBatch>> streams = [];
        private readonly HashSet<List<SentBatch>> open = [];

        public int AcknowledgedBatches
        {
            get
            {
                lock (gate)
                {
                    return batches.Count(b => b.Acknowledged);
                }
            }
        }

        public int SentBatches
        {
            get
            {
                lock (gate)
                {
                    return batches.Count;
                }
            }
        }

        /// <summary>Messages written on streams that have not been answered yet.</summary>
        public int OpenStreamMessages
        {
            get
            {
                lock (gate)
                {
                    return open.Sum(s => s.Count);
                }
            }
        }

        public List<SentBatch> OpenStream()
        {
            lock (gate)
            {
                var stream = new List<SentBatch>();
                streams.Add(stream);
                open.Add(stream);
                return stream;
            }
        }

        public void CloseStream(List<SentBatch> stream)
        {
            lock (gate)
            {
                open.Remove(stream);
            }
        }

        public SentBatch Sending(Proto.Item[] items, List<SentBatch>? stream)
        {
            var batch = new SentBatch(items);
            lock (gate)
            {
                batches.Add(batch);
                stream?.Add(batch);
            }
            return batch;
        }

        public void Acknowledge(IEnumerable<SentBatch> acknowledged)
        {
            lock (gate)
            {
                foreach (var batch in acknowledged)
                {
                    batch.Acknowledged = true;
                }
            }
        }

        public async Task CheckAsync(Proto.CandidateRetrieval.CandidateRetrievalClient client, string when, ITestOutputHelper output)
        {
            var present = (await ListAllAsync(client, includeVectors: true)).ToDictionary(i => i.Id, StringComparer.Ordinal);
            lock (gate)
            {
                var sent = new HashSet<string>(batches.SelectMany(b => b.Items.Select(i => i.Id)), StringComparer.Ordinal);
                Assert.All(present.Keys, id => Assert.True(sent.Contains(id), $"{when}: item {id} is in the catalog but was never sent"));
                var unacknowledgedPresent = 0;
                foreach (var batch in batches)
                {
                    var found = batch.Items.Count(i => present.ContainsKey(i.Id));
                    if (batch.Acknowledged)
                    {
                        Assert.True(found == ItemsPerBatch, $"{when}: an acknowledged batch ({batch.Items[0].Id}...) has {found} of {ItemsPerBatch} items");
                    }
                    else
                    {
                        Assert.True(found is 0 or ItemsPerBatch, $"{when}: an unacknowledged batch ({batch.Items[0].Id}...) is half applied: {found} of {ItemsPerBatch} items");
                        unacknowledgedPresent += found == 0 ? 0 : 1;
                    }
                    if (found > 0)
                    {
                        foreach (var item in batch.Items)
                        {
                            var stored = present[item.Id];
                            Assert.Equal(item.Title, stored.Title);
                            Assert.Equal(item.CategoryPath, stored.CategoryPath);
                            Assert.Equal(Dimension, stored.Vector.Count);
                            if (item.Vector.Count > 0)
                            {
                                Assert.True(TensorPrimitives.CosineSimilarity(item.Vector.ToArray(), stored.Vector.ToArray()) > 0.9999f, $"{when}: {item.Id} has another vector");
                            }
                        }
                    }
                }
                foreach (var stream in streams)
                {
                    var applied = stream.Select(b => present.ContainsKey(b.Items[0].Id)).ToList();
                    Assert.True(applied.SkipWhile(a => a).All(a => !a), $"{when}: a stream's applied messages are not a prefix: {string.Join(",", applied)}");
                }
                Assert.Equal(batches.Count(b => b.Acknowledged) + unacknowledgedPresent, present.Count / ItemsPerBatch);
                output.WriteLine($"{when}: {present.Count} items; {batches.Count(b => b.Acknowledged)} acknowledged batches all present, " +
                    $"{unacknowledgedPresent} durable but unanswered batches present, {batches.Count(b => !b.Acknowledged) - unacknowledgedPresent} unacknowledged batches absent");
            }
        }
    }
}
