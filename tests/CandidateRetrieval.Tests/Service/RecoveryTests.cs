using System.Text;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>
/// Restarts on the same data directory: from the log alone (without the encoder: the log holds the vectors it made),
/// from a snapshot (catalog and HNSW graph) plus the log after it, from the shutdown snapshot, and over a torn log tail.
/// The catalog, its categories, stats and search results are the same after the restart as before.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class RecoveryTests(EncoderHost encoder) : IDisposable
{
    private const string NoShutdownSnapshot = "CandidateRetrieval:SnapshotOnShutdown=false";
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_restart_replays_the_log_without_needing_the_encoder()
    {
        var server = await RetrievalServer.StartAsync(data.Path, encoder.Address, NoShutdownSnapshot);
        var client = server.Client;
        await client.UpsertItemsAsync(Upsert(
            Of("speaker", "Electronics/Audio", title: "Bluetooth speaker"),
            Of("tea", "Grocery/Tea", title: "Green tea", tags: ["organic"]),
            Of("novel", "Books/Fiction", title: "Mystery novel")));
        await client.UpsertItemsAsync(Upsert(Enumerable.Range(0, 40).Select(i => Of($"v{i}", $"Vectors/V{i % 4}", Axis(384, i, 0.2f),
            attributes: new() { ["parity"] = (i % 2).ToString() })).ToArray()));
        await client.DeleteItemsAsync(Delete("v3", "v7", "novel"));
        var replaced = Of("v5", "Moved/Here", Axis(384, 50), "Moved");
        replaced.CreatedAt = Time(2020, 1, 2);
        await client.UpsertItemsAsync(Upsert(replaced));
        var before = await CaptureAsync(client);
        await server.StopAsync();

        var deadEncoder = $"http://127.0.0.1:{Ports.Free()}";
        await using var restarted = await RetrievalServer.StartAsync(data.Path, deadEncoder, NoShutdownSnapshot);

        Assert.Equal(before, await CaptureAsync(restarted.Client));
        var report = restarted.Store.OpenReport!;
        Assert.Null(report.Snapshot);
        Assert.Equal(4, report.ReplayedRecords);
    }

    [Fact]
    public async Task A_restart_loads_the_snapshot_with_its_graph_and_replays_the_log_after_it()
    {
        string[] settings = [NoShutdownSnapshot, "CandidateRetrieval:Index:ExactSearchThreshold=0"];
        var server = await RetrievalServer.StartAsync(data.Path, encoder.Address, settings);
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 1500).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        foreach (var chunk in Enumerable.Range(0, 1200).Chunk(400))
        {
            await server.Client.UpsertItemsAsync(Upsert(chunk.Select(i => Of($"i{i:D4}", $"C/{i % 7}", vectors[i])).ToArray()));
        }
        var snapshot = await server.Store.SnapshotAsync();
        await server.Client.UpsertItemsAsync(Upsert(Enumerable.Range(1200, 300).Select(i => Of($"i{i:D4}", $"C/{i % 7}", vectors[i])).ToArray()));
        await server.Client.DeleteItemsAsync(Delete(Enumerable.Range(0, 30).Select(i => $"i{i * 7:D4}").ToArray()));
        var queries = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        var before = await CaptureAsync(server.Client, queries);
        await server.StopAsync();

        await using var restarted = await RetrievalServer.StartAsync(data.Path, encoder.Address, settings);

        var report = restarted.Store.OpenReport!;
        Assert.Equal(snapshot.LastSequence, report.Snapshot!.LastSequence);
        Assert.Equal(2, report.ReplayedRecords); // the upsert and the delete after the snapshot
        // The graph searches (ef_search 64 over 1,470 items) answer exactly as before: the saved graph was loaded.
        Assert.Equal(before, await CaptureAsync(restarted.Client, queries));
    }

    [Fact]
    public async Task A_graceful_stop_writes_a_snapshot_so_the_restart_replays_nothing()
    {
        var server = await RetrievalServer.StartAsync(data.Path, encoder.Address);
        await server.Client.UpsertItemsAsync(Upsert(Enumerable.Range(0, 20).Select(i => Of($"s{i}", "Snap/Shot", Axis(8, i % 8, i))).ToArray()));
        await server.Client.DeleteItemsAsync(Delete("s3"));
        var before = await CaptureAsync(server.Client);
        await server.StopAsync();

        await using var restarted = await RetrievalServer.StartAsync(data.Path, encoder.Address);

        Assert.Equal(0, restarted.Store.OpenReport!.ReplayedRecords);
        Assert.NotNull(restarted.Store.OpenReport.Snapshot);
        Assert.Equal(before, await CaptureAsync(restarted.Client));
    }

    [Fact]
    public async Task A_torn_last_write_is_cut_and_the_catalog_is_what_was_written_before_it()
    {
        var server = await RetrievalServer.StartAsync(data.Path, encoder.Address, NoShutdownSnapshot);
        await server.Client.UpsertItemsAsync(Upsert(Enumerable.Range(0, 10).Select(i => Of($"a{i}", "Torn/A", Axis(8, i % 8, 0.1f * i))).ToArray()));
        await server.Client.DeleteItemsAsync(Delete("a1"));
        var segment = Directory.GetFiles(Path.Combine(data.Path, "log"), "*.log").Single();
        var acknowledged = new FileInfo(segment).Length;
        var before = await CaptureAsync(server.Client);
        await server.Client.UpsertItemsAsync(Upsert(Enumerable.Range(0, 10).Select(i => Of($"b{i}", "Torn/B", Axis(8, i % 8, 0.2f * i))).ToArray()));
        var full = new FileInfo(segment).Length;
        await server.StopAsync();

        // As if the process died halfway through writing the last batch (which was then never acknowledged).
        var torn = (full - acknowledged) / 2;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(acknowledged + torn);
        }
        await using var restarted = await RetrievalServer.StartAsync(data.Path, encoder.Address, NoShutdownSnapshot);

        Assert.Equal(torn, restarted.Store.OpenReport!.Log.TornTailBytes);
        Assert.Equal(before, await CaptureAsync(restarted.Client));
        Assert.Equal(10, (await restarted.Client.GetItemsAsync(Get(false, Enumerable.Range(0, 10).Select(i => $"b{i}").ToArray()))).MissingIds.Count);
        // The log goes on from there.
        await restarted.Client.UpsertItemsAsync(Upsert(Of("c", "Torn/C", Axis(8, 3))));
        Assert.Equal(10, (await restarted.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).ItemCount);
    }

    /// <summary>Everything a client can see: items with vectors, the category tree, stats, and search results.</summary>
    private static async Task<string> CaptureAsync(Proto.CandidateRetrieval.CandidateRetrievalClient client, float[][]? queries = null)
    {
        var text = new StringBuilder();
        foreach (var item in await ListAllAsync(client, includeVectors: true))
        {
            text.AppendLine(item.ToString());
        }
        text.AppendLine((await client.ListCategoriesAsync(new Proto.ListCategoriesRequest())).ToString());
        var stats = await client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        text.AppendLine($"{stats.ItemCount} {stats.CategoryCount} {stats.Dimension} {stats.Model} {stats.LastWrite}");
        var dimension = stats.Dimension;
        queries ??= [Axis(dimension, 0, 0.3f), Axis(dimension, 1, 0.1f)];
        foreach (var vector in queries)
        {
            var response = await client.RetrieveAsync(Retrieve(10, Query("q", vector)));
            text.AppendLine(string.Join(",", response.Candidates.Select(c => $"{c.Item.Id}:{c.Score:F6}")));
        }
        return text.ToString();
    }
}
