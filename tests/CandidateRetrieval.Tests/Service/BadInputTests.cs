using Grpc.Core;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>
/// Every kind of bad input gets INVALID_ARGUMENT naming the field and the limit, and changes nothing: the catalog's size
/// and last write are the same afterwards, and no item of a rejected batch exists (the valid ones included).
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class BadInputTests(EncoderHost encoder) : IAsyncLifetime
{
    private const int Dimension = 8;
    private readonly TempDirectory data = new();
    private RetrievalServer server = null!;

    private Proto.CandidateRetrieval.CandidateRetrievalClient Client => server.Client;

    public async Task InitializeAsync()
    {
        server = await RetrievalServer.StartAsync(data.Path, encoder.Address);
        await Client.UpsertItemsAsync(Upsert(Of("existing1", "Books/Fiction", Axis(Dimension, 0)), Of("existing2", "Books/Science", Axis(Dimension, 1))));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    private static Proto.Item Good(int i) => Of($"new{i}", "Electronics/Phones", Axis(Dimension, i % Dimension, 0.5f));

    /// <summary>A batch of good items with item 1 replaced by <paramref name="bad"/>.</summary>
    private static Proto.UpsertItemsRequest BatchWith(Func<Proto.Item, Proto.Item> bad) => Upsert(Good(0), bad(Good(1)), Good(2));

    public static TheoryData<string> UpsertCases => new(UpsertRequests.Keys);

    private static readonly Dictionary<string, (Func<Proto.UpsertItemsRequest> Request, string Field, string Limit)> UpsertRequests = new()
    {
        ["wrong dimension"] = (() => BatchWith(i => Of(i.Id, i.CategoryPath, [1, 2, 3])), "items[1].vector", "dimension is 8"),
        ["NaN component"] = (() => BatchWith(i => { i.Vector[3] = float.NaN; return i; }), "items[1].vector[3]", "finite"),
        ["infinite component"] = (() => BatchWith(i => { i.Vector[0] = float.PositiveInfinity; return i; }), "items[1].vector[0]", "finite"),
        ["zero vector"] = (() => BatchWith(i => Of(i.Id, i.CategoryPath, new float[Dimension])), "items[1].vector", "zero vector"),
        ["too many components"] = (() => BatchWith(i => Of(i.Id, i.CategoryPath, Enumerable.Repeat(1f, 5000).ToArray())), "items[1].vector", "4,096"),
        ["empty id"] = (() => BatchWith(i => { i.Id = ""; return i; }), "items[1].id", "1 to 128"),
        ["id too long"] = (() => BatchWith(i => { i.Id = new string('x', 129); return i; }), "items[1].id", "128"),
        ["duplicate ids"] = (() => Upsert(Good(0), Good(1), Good(0)), "items[2].id", "repeats items[0].id"),
        ["empty category"] = (() => BatchWith(i => { i.CategoryPath = ""; return i; }), "items[1].category_path", "1 to 8"),
        ["empty middle segment"] = (() => BatchWith(i => { i.CategoryPath = "A//B"; return i; }), "items[1].category_path", "empty segment"),
        ["leading slash"] = (() => BatchWith(i => { i.CategoryPath = "/A"; return i; }), "items[1].category_path", "empty segment"),
        ["trailing slash"] = (() => BatchWith(i => { i.CategoryPath = "A/"; return i; }), "items[1].category_path", "empty segment"),
        ["blank segment"] = (() => BatchWith(i => { i.CategoryPath = "A/ /B"; return i; }), "items[1].category_path", "empty segment"),
        ["too many segments"] = (() => BatchWith(i => { i.CategoryPath = "A/B/C/D/E/F/G/H/I"; return i; }), "items[1].category_path", "1 to 8"),
        ["segment too long"] = (() => BatchWith(i => { i.CategoryPath = "A/" + new string('b', 65); return i; }), "items[1].category_path", "64"),
        ["too many tags"] = (() => BatchWith(i => { i.Tags.AddRange(Enumerable.Range(0, 65).Select(t => $"t{t}")); return i; }), "items[1].tags", "64"),
        ["tag too long"] = (() => BatchWith(i => { i.Tags.Add(new string('t', 65)); return i; }), "items[1].tags[0]", "64"),
        ["empty tag"] = (() => BatchWith(i => { i.Tags.Add(" "); return i; }), "items[1].tags[0]", "empty"),
        ["too many attributes"] = (() => BatchWith(i => { foreach (var a in Enumerable.Range(0, 65)) { i.Attributes[$"k{a}"] = "v"; } return i; }), "items[1].attributes", "64"),
        ["attribute value too long"] = (() => BatchWith(i => { i.Attributes["color"] = new string('v', 129); return i; }), "items[1].attributes[\"color\"]", "128"),
        ["attribute key too long"] = (() => BatchWith(i => { i.Attributes[new string('k', 129)] = "v"; return i; }), "items[1].attributes key", "128"),
        ["title too long"] = (() => BatchWith(i => { i.Title = new string('t', 513); return i; }), "items[1].title", "512"),
        ["description too long"] = (() => BatchWith(i => { i.Description = new string('d', 8193); return i; }), "items[1].description", "8,192"),
        ["invalid created_at"] = (() => BatchWith(i => { i.CreatedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1, Nanos = -5 }; return i; }), "items[1].created_at", "valid timestamp"),
        ["empty batch"] = (() => Upsert(), "items", "1 to 1,000"),
        ["batch above the limit"] = (() => Upsert(Enumerable.Range(0, 1001).Select(Good).ToArray()), "items", "1,000 (CandidateRetrieval:Limits:MaxItemsPerBatch)"),
    };

    [Theory]
    [MemberData(nameof(UpsertCases))]
    public async Task A_bad_upsert_is_rejected_naming_the_field_and_changes_nothing(string name)
    {
        var (request, field, limit) = UpsertRequests[name];
        var before = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        var built = request();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.UpsertItemsAsync(built).ResponseAsync);

        AssertNames(error, field, limit);
        await AssertNothingChangedAsync(before, built.Items.Select(i => i.Id).Where(id => id.Length is > 0 and <= 128 && !id.StartsWith("existing", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task In_an_empty_catalog_the_vectors_of_a_batch_must_agree()
    {
        using var empty = new TempDirectory();
        await using var fresh = await RetrievalServer.StartAsync(empty.Path, encoder.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fresh.Client.UpsertItemsAsync(Upsert(Of("n0", "A", [1, 0, 0, 0, 0]), Of("n1", "A", [1, 0, 0]))).ResponseAsync);

        AssertNames(error, "items[1].vector", "items[0].vector has 5");
        var stats = await fresh.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal(0, stats.ItemCount);
        Assert.Equal(0, stats.Dimension);
    }

    [Fact]
    public async Task A_bad_message_ends_a_stream_and_the_messages_before_it_stay()
    {
        using var call = Client.UpsertItemsStream();
        await call.RequestStream.WriteAsync(Upsert(Good(10), Good(11)));
        await call.RequestStream.WriteAsync(Upsert(Good(12)));
        await call.RequestStream.WriteAsync(BatchWith(i => { i.Vector[2] = float.NaN; return i; }));
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        AssertNames(error, "items[1].vector[2]", "finite");
        Assert.Contains("stream message 3", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("the 2 messages before it (3 items) were applied", error.Status.Detail, StringComparison.Ordinal);
        var items = await Client.GetItemsAsync(Get(false, "new10", "new11", "new12", "new0", "new1", "new2"));
        Assert.Equal(["new10", "new11", "new12"], items.Items.Select(i => i.Id));
    }

    public static TheoryData<string> RetrieveCases => new(RetrieveRequests.Keys);

    private static readonly Dictionary<string, (Func<Proto.RetrieveRequest> Request, string Field, string Limit)> RetrieveRequests = new()
    {
        ["k of 0"] = (() => Retrieve(0, Query("q", Axis(Dimension, 0))), "k", "between 1 and 1,000"),
        ["k above the limit"] = (() => Retrieve(1001, Query("q", Axis(Dimension, 0))), "k", "1,000 (CandidateRetrieval:Limits:MaxK)"),
        ["no queries"] = (() => Retrieve(10), "queries", "1 to 32"),
        ["too many queries"] = (() => Retrieve(10, Enumerable.Range(0, 33).Select(q => Query($"q{q}", Axis(Dimension, q % Dimension))).ToArray()), "queries", "32 (CandidateRetrieval:Limits:MaxQueries)"),
        ["query of the wrong dimension"] = (() => Retrieve(10, Query("q", Axis(Dimension, 0)), Query("r", [1, 0, 0])), "queries[1].vector", "dimension is 8"),
        ["query with NaN"] = (() => Retrieve(10, Query("q", [1, float.NaN, 0, 0, 0, 0, 0, 0])), "queries[0].vector[1]", "finite"),
        ["zero query"] = (() => Retrieve(10, Query("q", new float[Dimension])), "queries[0].vector", "zero vector"),
        ["empty query vector"] = (() => Retrieve(10, Query("q", [])), "queries[0].vector", "empty"),
        ["weight of 0"] = (() => Retrieve(10, Query("q", Axis(Dimension, 0), weight: 0)), "queries[0].weight", "above 0"),
        ["NaN weight"] = (() => Retrieve(10, Query("q", Axis(Dimension, 0), weight: double.NaN)), "queries[0].weight", "finite"),
        ["negative quota"] = (() => Retrieve(10, Query("q", Axis(Dimension, 0), quota: -1)), "queries[0].quota", "between 0"),
        ["ef_search above the limit"] = (() => { var r = Retrieve(10, Query("q", Axis(Dimension, 0))); r.EfSearch = 4097; return r; }, "ef_search", "4,096"),
        ["bad include category"] = (() => WithFilter(f => f.IncludeCategories.Add("Books//Fiction")), "filter.include_categories[0]", "empty segment"),
        ["too many include categories"] = (() => WithFilter(f => f.IncludeCategories.AddRange(Enumerable.Range(0, 65).Select(c => $"C{c}"))), "filter.include_categories", "64"),
        ["bad exclude category"] = (() => WithFilter(f => f.ExcludeCategories.AddRange(["Books", "/Books"])), "filter.exclude_categories[1]", "empty segment"),
        ["too many excluded ids"] = (() => WithFilter(f => f.ExcludeItemIds.AddRange(Enumerable.Range(0, 10_001).Select(i => $"id{i}"))), "filter.exclude_item_ids", "10,000"),
        ["empty excluded id"] = (() => WithFilter(f => f.ExcludeItemIds.Add("")), "filter.exclude_item_ids[0]", "empty"),
        ["too many attribute conditions"] = (() => WithFilter(f => { foreach (var a in Enumerable.Range(0, 17)) { f.Attributes[$"k{a}"] = "v"; } }), "filter.attributes", "16"),
    };

    private static Proto.RetrieveRequest WithFilter(Action<Proto.RetrievalFilter> fill)
    {
        var request = Retrieve(10, Query("q", Axis(Dimension, 0)));
        request.Filter = new Proto.RetrievalFilter();
        fill(request.Filter);
        return request;
    }

    [Theory]
    [MemberData(nameof(RetrieveCases))]
    public async Task A_bad_retrieve_is_rejected_naming_the_field(string name)
    {
        var (request, field, limit) = RetrieveRequests[name];

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.RetrieveAsync(request()).ResponseAsync);

        AssertNames(error, field, limit);
    }

    [Fact]
    public async Task Bad_deletes_change_nothing()
    {
        var before = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.DeleteItemsAsync(Delete()).ResponseAsync), "ids", "1 to 1,000");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.DeleteItemsAsync(Delete("existing1", "existing1")).ResponseAsync),
            "ids[1]", "repeats ids[0]");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.DeleteItemsAsync(Delete("existing1", "")).ResponseAsync), "ids[1]", "1 to 128");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.DeleteItemsAsync(Delete(["existing1", .. Enumerable.Range(0, 1000).Select(i => $"x{i}")])).ResponseAsync),
            "ids", "1,000 (CandidateRetrieval:Limits:MaxIdsPerRequest)");
        await AssertNothingChangedAsync(before, []);
        Assert.Equal(2, (await Client.GetItemsAsync(Get(false, "existing1", "existing2"))).Items.Count);
    }

    [Fact]
    public async Task Bad_reads_name_the_field()
    {
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.GetItemsAsync(Get(false)).ResponseAsync), "ids", "1 to 1,000");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.GetItemsAsync(Get(false, Enumerable.Range(0, 1001).Select(i => $"x{i}").ToArray())).ResponseAsync),
            "ids", "1,000");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.GetItemsAsync(Get(false, "ok", new string('x', 129))).ResponseAsync), "ids[1]", "128");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.ListItemsAsync(new Proto.ListItemsRequest { PageSize = 1001 }).ResponseAsync),
            "page_size", "1,000");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.ListItemsAsync(new Proto.ListItemsRequest { PageSize = -1 }).ResponseAsync),
            "page_size", "between 1 and");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.ListItemsAsync(new Proto.ListItemsRequest { PageToken = "not a token" }).ResponseAsync),
            "page_token", "next_page_token");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.ListItemsAsync(new Proto.ListItemsRequest { CategoryPrefix = "Books/" }).ResponseAsync),
            "category_prefix", "empty segment");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { MaxDepth = -1 }).ResponseAsync),
            "max_depth", "0 (all levels)");
        AssertNames(await Assert.ThrowsAsync<RpcException>(() => Client.ListCategoriesAsync(new Proto.ListCategoriesRequest { Prefix = "A//B" }).ResponseAsync),
            "prefix", "empty segment");
    }

    private static void AssertNames(RpcException error, string field, string limit)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(limit, error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task AssertNothingChangedAsync(Proto.CatalogStats before, IEnumerable<string> ids)
    {
        var after = await Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal(before.ItemCount, after.ItemCount);
        Assert.Equal(before.LastWrite, after.LastWrite);
        Assert.Equal(before.CategoryCount, after.CategoryCount);
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length > 0)
        {
            foreach (var chunk in wanted.Chunk(1000))
            {
                Assert.Empty((await Client.GetItemsAsync(Get(false, chunk))).Items);
            }
        }
    }
}
