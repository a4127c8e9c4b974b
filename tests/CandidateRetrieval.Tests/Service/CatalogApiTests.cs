using Google.Protobuf.WellKnownTypes;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>The catalog RPCs through a real server: upsert, get, list, delete, re-upsert, categories, stats, streams.</summary>
[Collection(ServiceCollection.Name)]
public sealed class CatalogApiTests(EncoderHost encoder) : IAsyncLifetime
{
    private const int Dimension = 8;
    private readonly TempDirectory data = new();
    private RetrievalServer server = null!;

    private Proto.CandidateRetrieval.CandidateRetrievalClient Client => server.Client;

    public async Task InitializeAsync() => server = await RetrievalServer.StartAsync(data.Path, encoder.Address);

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Upsert_get_list_and_delete_round_trip()
    {
        var before = DateTimeOffset.UtcNow;
        var a = Of("a", "Electronics/Phones/Android", Axis(Dimension, 0), "Pixel phone", ["android", "5g"],
            new() { ["brand"] = "globex", ["color"] = "black" }, "A phone.");
        a.CreatedAt = Time(2024, 5, 1);
        var b = Of("b", "Books/Fiction", [3, 4, 0, 0, 0, 0, 0, 0], "A novel");
        var c = Of("c", "Books/Science", Axis(Dimension, 2, 0.5f));

        var upserted = await Client.UpsertItemsAsync(Upsert(a, b, c));

        Assert.Equal(3, upserted.Upserted);
        Assert.Equal(0, upserted.Embedded);
        Assert.Equal(3, upserted.ItemCount);

        var got = await Client.GetItemsAsync(Get(false, "b", "nope", "a"));
        Assert.Equal(["b", "a"], got.Items.Select(i => i.Id));
        Assert.Equal(["nope"], got.MissingIds);
        var gotA = got.Items[1];
        Assert.Equal("Pixel phone", gotA.Title);
        Assert.Equal("A phone.", gotA.Description);
        Assert.Equal("Electronics/Phones/Android", gotA.CategoryPath);
        Assert.Equal(["android", "5g"], gotA.Tags);
        Assert.Equal("globex", gotA.Attributes["brand"]);
        Assert.Equal("black", gotA.Attributes["color"]);
        Assert.Empty(gotA.Vector);
        Assert.Equal(Time(2024, 5, 1), gotA.CreatedAt);
        var updated = gotA.UpdatedAt.ToDateTimeOffset();
        Assert.InRange(updated, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(got.Items[0].UpdatedAt, got.Items[0].CreatedAt); // created_at defaults to the first upsert

        var withVectors = await Client.GetItemsAsync(Get(true, "b"));
        Assert.Equal([0.6f, 0.8f, 0, 0, 0, 0, 0, 0], withVectors.Items[0].Vector.ToArray(), new FloatComparer(1e-6f));

        Assert.Equal(["a", "b", "c"], (await ListAllAsync(Client)).Select(i => i.Id));

        var deleted = await Client.DeleteItemsAsync(Delete("a", "gone"));
        Assert.Equal(1, deleted.Deleted);
        Assert.Equal(["gone"], deleted.MissingIds);
        Assert.Equal(["a"], (await Client.GetItemsAsync(Get(false, "a"))).MissingIds);
        Assert.Equal(["b", "c"], (await ListAllAsync(Client)).Select(i => i.Id));
        var stats = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal(2, stats.ItemCount);
        Assert.Equal(Dimension, stats.Dimension);
        var retrieved = await Client.RetrieveAsync(Retrieve(3, Query("q", Axis(Dimension, 0))));
        Assert.DoesNotContain(retrieved.Candidates, c => c.Item.Id == "a");
    }

    [Fact]
    public async Task Upserting_again_replaces_the_item_and_reindexes_it()
    {
        await Client.UpsertItemsAsync(Upsert(
            Of("x", "Old/Place", Axis(Dimension, 0), "Old title", attributes: new() { ["color"] = "red" }),
            Of("near0", "Other", Axis(Dimension, 0, 0.3f)),
            Of("near3", "Other", Axis(Dimension, 3, 0.3f))));
        var first = (await Client.GetItemsAsync(Get(false, "x"))).Items[0];
        Assert.Equal("x", (await Client.RetrieveAsync(Retrieve(1, Query("q", Axis(Dimension, 0))))).Candidates[0].Item.Id);

        await Task.Delay(20);
        var response = await Client.UpsertItemsAsync(Upsert(Of("x", "New/Place", Axis(Dimension, 3), "New title", attributes: new() { ["color"] = "blue" })));

        Assert.Equal(3, response.ItemCount);
        var second = (await Client.GetItemsAsync(Get(true, "x"))).Items[0];
        Assert.Equal("New title", second.Title);
        Assert.Equal("New/Place", second.CategoryPath);
        Assert.Equal("blue", second.Attributes["color"]);
        Assert.Equal(Axis(Dimension, 3), second.Vector.ToArray());
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.True(second.UpdatedAt.ToDateTimeOffset() > first.UpdatedAt.ToDateTimeOffset());

        // The index follows: the old vector no longer finds it, the new one does, and filters see the new metadata.
        Assert.Equal("near0", (await Client.RetrieveAsync(Retrieve(1, Query("q", Axis(Dimension, 0))))).Candidates[0].Item.Id);
        Assert.Equal("x", (await Client.RetrieveAsync(Retrieve(1, Query("q", Axis(Dimension, 3))))).Candidates[0].Item.Id);
        var red = Retrieve(3, Query("q", Axis(Dimension, 3)));
        red.Filter = new Proto.RetrievalFilter();
        red.Filter.Attributes["color"] = "red";
        Assert.Empty((await Client.RetrieveAsync(red)).Candidates);
        var old = Retrieve(3, Query("q", Axis(Dimension, 3)));
        old.Filter = new Proto.RetrievalFilter { IncludeCategories = { "Old" } };
        Assert.Empty((await Client.RetrieveAsync(old)).Candidates);

        var categories = await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest());
        Assert.Equal(["New", "Other"], categories.Roots.Select(r => r.Name));
        Assert.Equal(3, (await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).ItemCount);
    }

    [Fact]
    public async Task ListItems_pages_through_the_catalog_and_filters_by_whole_category_segments()
    {
        var items = Enumerable.Range(0, 25).Select(i => Of($"item{i:D2}", i % 3 == 0 ? "Books/Fiction" : i % 3 == 1 ? "BooksX" : "Books",
            Axis(Dimension, i % Dimension, 0.1f))).ToArray();
        await Client.UpsertItemsAsync(Upsert(items));

        var pages = new List<Proto.ListItemsResponse>();
        var token = "";
        do
        {
            var page = await Client.ListItemsAsync(new Proto.ListItemsRequest { PageSize = 7, PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal([7, 7, 7, 4], pages.Select(p => p.Items.Count));
        Assert.Equal(items.Select(i => i.Id).Order(StringComparer.Ordinal), pages.SelectMany(p => p.Items).Select(i => i.Id));

        var books = await ListAllAsync(Client, pageSize: 4, prefix: "Books");
        Assert.Equal(items.Where(i => i.CategoryPath.StartsWith("Books/", StringComparison.Ordinal) || i.CategoryPath == "Books").Select(i => i.Id),
            books.Select(i => i.Id));
        Assert.DoesNotContain(books, i => i.CategoryPath == "BooksX");
        Assert.All(await ListAllAsync(Client, prefix: "Books/Fiction"), i => Assert.Equal("Books/Fiction", i.CategoryPath));

        var defaultPage = await Client.ListItemsAsync(new Proto.ListItemsRequest());
        Assert.Equal(25, defaultPage.Items.Count);
        Assert.Equal("", defaultPage.NextPageToken);
        var vectors = await Client.ListItemsAsync(new Proto.ListItemsRequest { PageSize = 2, IncludeVectors = true });
        Assert.All(vectors.Items, i => Assert.Equal(Dimension, i.Vector.Count));
    }

    [Fact]
    public async Task ListCategories_returns_the_tree_with_item_counts()
    {
        await Client.UpsertItemsAsync(Upsert(
            Of("p1", "Electronics/Phones/Android", Axis(Dimension, 0)),
            Of("p2", "Electronics/Phones/Android", Axis(Dimension, 1)),
            Of("p3", "Electronics/Phones", Axis(Dimension, 2)),
            Of("l1", "Electronics/Laptops", Axis(Dimension, 3)),
            Of("b1", "Books/Fiction", Axis(Dimension, 4)),
            Of("b2", "Books/Fiction", Axis(Dimension, 5)),
            Of("b3", "Books/Fiction", Axis(Dimension, 6))));

        var tree = await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest());
        Assert.Equal(["Books:3", "Electronics:4"], tree.Roots.Select(Describe));
        var electronics = tree.Roots[1];
        Assert.Equal(["Electronics/Laptops:1", "Electronics/Phones:3"], electronics.Children.Select(c => $"{c.Path}:{c.ItemCount}"));
        Assert.Equal(["Android:2"], electronics.Children[1].Children.Select(Describe));
        Assert.Equal("Electronics/Phones/Android", electronics.Children[1].Children[0].Path);

        var phones = await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { Prefix = "Electronics/Phones" });
        Assert.Equal(["Phones:3"], phones.Roots.Select(Describe));
        Assert.Equal(["Android:2"], phones.Roots[0].Children.Select(Describe));

        var topLevel = await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { MaxDepth = 1 });
        Assert.Equal(["Books:3", "Electronics:4"], topLevel.Roots.Select(Describe));
        Assert.All(topLevel.Roots, r => Assert.Empty(r.Children));
        var oneBelow = await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { Prefix = "Electronics", MaxDepth = 1 });
        Assert.Equal(2, oneBelow.Roots[0].Children.Count);
        Assert.All(oneBelow.Roots[0].Children, c => Assert.Empty(c.Children));
        Assert.Empty((await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { Prefix = "Garden" })).Roots);

        await Client.DeleteItemsAsync(Delete("p1", "p2"));
        var after = await Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { Prefix = "Electronics" });
        Assert.Equal(["Electronics/Laptops:1", "Electronics/Phones:1"], after.Roots[0].Children.Select(c => $"{c.Path}:{c.ItemCount}"));
        Assert.Empty(after.Roots[0].Children[1].Children);
        Assert.Equal(5, (await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).CategoryCount);

        static string Describe(Proto.CategoryNode node) => $"{node.Name}:{node.ItemCount}";
    }

    [Fact]
    public async Task Catalog_stats_describe_the_catalog_and_an_emptied_catalog_takes_a_new_dimension()
    {
        var empty = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal(0, empty.ItemCount);
        Assert.Equal(0, empty.Dimension);
        Assert.Equal(EncoderModels.Default, empty.Model);
        Assert.Null(empty.LastWrite);
        Assert.Empty((await Client.RetrieveAsync(Retrieve(5, Query("q", Axis(3, 0))))).Candidates);

        await Client.UpsertItemsAsync(Upsert(Of("a", "A/B", Axis(Dimension, 0)), Of("b", "A/C", Axis(Dimension, 1))));
        var stats = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal(2, stats.ItemCount);
        Assert.Equal(3, stats.CategoryCount);
        Assert.Equal(Dimension, stats.Dimension);
        Assert.True(stats.IndexBytes > 0);
        Assert.NotNull(stats.LastWrite);

        await Client.DeleteItemsAsync(Delete("a", "b"));
        var emptied = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal(0, emptied.Dimension);
        Assert.Equal(0, emptied.CategoryCount);
        Assert.True(emptied.LastWrite.ToDateTimeOffset() >= stats.LastWrite.ToDateTimeOffset());
        await Client.UpsertItemsAsync(Upsert(Of("c", "A", Axis(3, 1))));
        Assert.Equal(3, (await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).Dimension);
    }

    [Fact]
    public async Task A_stream_applies_each_message_and_answers_the_totals()
    {
        using var call = Client.UpsertItemsStream();
        for (var m = 0; m < 5; m++)
        {
            await call.RequestStream.WriteAsync(Upsert(Enumerable.Range(0, 10).Select(i => Of($"s{m}-{i}", $"Stream/M{m}", Axis(Dimension, i % Dimension, m))).ToArray()));
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(50, response.Upserted);
        Assert.Equal(0, response.Embedded);
        Assert.Equal(50, response.ItemCount);
        Assert.Equal(50, (await ListAllAsync(Client, prefix: "Stream")).Count);

        using var empty = Client.UpsertItemsStream();
        await empty.RequestStream.CompleteAsync();
        var none = await empty;
        Assert.Equal(0, none.Upserted);
        Assert.Equal(50, none.ItemCount);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
