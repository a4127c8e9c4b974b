using System.Numerics.Tensors;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>
/// Retrieve through a real server. The hand-made catalog in 8 dimensions (as in RetrievalFixture): A1..A6 lean to axis 0
/// (cosine to it falls with i), B1..B6 to axis 1, AB sits between both. A odd: Electronics/Phones/Android, brand globex;
/// A even: Electronics/Laptops, brand acme; B1..B3: Books/Fiction, B4..B6: Books/Science, language en; AB:
/// Electronics/PhonesX.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class RetrieveTests(EncoderHost encoder) : IAsyncLifetime
{
    private const int Dimension = 8;
    private static readonly float[] E0 = Axis(Dimension, 0);
    private static readonly float[] E1 = Axis(Dimension, 1);

    private readonly TempDirectory data = new();
    private RetrievalServer server = null!;

    private Proto.CandidateRetrieval.CandidateRetrievalClient Client => server.Client;

    public async Task InitializeAsync()
    {
        server = await RetrievalServer.StartAsync(data.Path, encoder.Address);
        var items = new List<Proto.Item>();
        for (var i = 1; i <= 6; i++)
        {
            items.Add(Of($"A{i}", i % 2 == 1 ? "Electronics/Phones/Android" : "Electronics/Laptops", Axis(Dimension, 0, 0.1f * i),
                attributes: new() { ["brand"] = i % 2 == 1 ? "globex" : "acme" }));
            items.Add(Of($"B{i}", i <= 3 ? "Books/Fiction" : "Books/Science", Axis(Dimension, 1, 0.1f * i), attributes: new() { ["language"] = "en" }));
        }
        items.Add(Of("AB", "Electronics/PhonesX", [1, 1, 0, 0, 0, 0, 0, 0]));
        await Client.UpsertItemsAsync(Upsert([.. items]));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    private static float Similarity(int i) => 1f / MathF.Sqrt(1f + (0.01f * i * i));

    [Fact]
    public async Task Each_interest_fills_its_quota_and_candidates_say_which_interest_found_them()
    {
        var response = await Client.RetrieveAsync(Retrieve(5, Query("gadgets", E0, 0.7, 3), Query("reading", E1, 0.3, 2)));

        Assert.Equal(["A1", "A2", "A3", "B1", "B2"], response.Candidates.Select(c => c.Item.Id));
        Assert.Equal(["gadgets", "gadgets", "gadgets", "reading", "reading"], response.Candidates.Select(c => c.InterestId));
        Assert.Equal([0, 0, 0, 1, 1], response.Candidates.Select(c => c.QueryIndex));
        Assert.Equal(Similarity(1), response.Candidates[0].Score, 5); // the cosine similarity, not the weighted score
        Assert.Equal(Similarity(2), response.Candidates[4].Score, 5);
        Assert.True(response.Exact); // 13 items: below the exact-search threshold
        Assert.Empty(response.Candidates[0].Item.Vector);
    }

    [Fact]
    public async Task A_minor_interest_keeps_candidates_when_quotas_exceed_k()
    {
        // B1 scores 0.3 × 0.995 while A4 would score 0.7 × 0.928, yet the minor interest keeps its slot.
        var response = await Client.RetrieveAsync(Retrieve(4, Query("major", E0, 0.7, 10), Query("minor", E1, 0.3, 1)));

        Assert.Equal(["A1", "A2", "A3", "B1"], response.Candidates.Select(c => c.Item.Id));
    }

    [Fact]
    public async Task A_quota_of_zero_takes_a_share_of_k_by_weight()
    {
        var response = await Client.RetrieveAsync(Retrieve(8, Query("major", E0, 3), Query("minor", E1, 1)));

        Assert.Equal(6, response.Candidates.Count(c => c.InterestId == "major"));
        Assert.Equal(2, response.Candidates.Count(c => c.InterestId == "minor"));
        Assert.Equal(["B1", "B2"], response.Candidates.Where(c => c.InterestId == "minor").Select(c => c.Item.Id));
    }

    [Fact]
    public async Task Candidates_found_by_several_queries_appear_once_with_their_best_query()
    {
        // A1 is close to both queries (0.995 and 0.704), AB to the second only (1 and 0.707).
        float[] between = [1, 1, 0, 0, 0, 0, 0, 0];
        var response = await Client.RetrieveAsync(Retrieve(6, Query("first", E0, 0.5, 3), Query("second", between, 0.5, 3)));

        var ids = response.Candidates.Select(c => c.Item.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(6, ids.Count);
        var a1 = response.Candidates.Single(c => c.Item.Id == "A1");
        Assert.Equal("first", a1.InterestId); // its best score
        Assert.Equal(0, a1.QueryIndex);
        Assert.Equal(Similarity(1), a1.Score, 5);
        var ab = response.Candidates.Single(c => c.Item.Id == "AB");
        Assert.Equal("second", ab.InterestId);
        Assert.Equal(1f, ab.Score, 5);
        Assert.Equal(3, response.Candidates.Count(c => c.QueryIndex == 1));
    }

    [Fact]
    public async Task Category_filters_match_whole_segments()
    {
        var include = Retrieve(10, Query("q", E0));
        include.Filter = new Proto.RetrievalFilter { IncludeCategories = { "Electronics/Phones" } };
        Assert.Equal(["A1", "A3", "A5"], (await Client.RetrieveAsync(include)).Candidates.Select(c => c.Item.Id));

        var exclude = Retrieve(20, Query("q", E1));
        exclude.Filter = new Proto.RetrievalFilter { ExcludeCategories = { "Books", "Electronics/Laptops" } };
        Assert.Equal(["A1", "A3", "A5", "AB"], (await Client.RetrieveAsync(exclude)).Candidates.Select(c => c.Item.Id).Order(StringComparer.Ordinal));

        var both = Retrieve(20, Query("q", E1));
        both.Filter = new Proto.RetrievalFilter { IncludeCategories = { "Books" }, ExcludeCategories = { "Books/Science" } };
        Assert.Equal(["B1", "B2", "B3"], (await Client.RetrieveAsync(both)).Candidates.Select(c => c.Item.Id));
    }

    [Fact]
    public async Task Excluded_ids_and_attribute_equality_filter_candidates()
    {
        var seen = Retrieve(3, Query("q", E0));
        seen.Filter = new Proto.RetrievalFilter { ExcludeItemIds = { "A1", "A3", "never-existed" } };
        Assert.Equal(["A2", "A4", "A5"], (await Client.RetrieveAsync(seen)).Candidates.Select(c => c.Item.Id));

        var acme = Retrieve(10, Query("q", E0));
        acme.Filter = new Proto.RetrievalFilter();
        acme.Filter.Attributes["brand"] = "acme";
        Assert.Equal(["A2", "A4", "A6"], (await Client.RetrieveAsync(acme)).Candidates.Select(c => c.Item.Id));

        var none = Retrieve(10, Query("q", E0));
        none.Filter = new Proto.RetrievalFilter();
        none.Filter.Attributes["brand"] = "acme";
        none.Filter.Attributes["language"] = "en";
        Assert.Empty((await Client.RetrieveAsync(none)).Candidates);
    }

    [Fact]
    public async Task K_limits_the_candidates_and_include_vectors_returns_unit_vectors()
    {
        var request = Retrieve(3, Query("q", E0, 1, 10), Query("r", E1, 1, 10));
        request.IncludeVectors = true;
        var response = await Client.RetrieveAsync(request);

        Assert.Equal(3, response.Candidates.Count);
        foreach (var candidate in response.Candidates)
        {
            Assert.Equal(Dimension, candidate.Item.Vector.Count);
            Assert.Equal(1f, TensorPrimitives.Norm(candidate.Item.Vector.ToArray()), 5);
            var query = candidate.QueryIndex == 0 ? E0 : E1;
            Assert.Equal(TensorPrimitives.CosineSimilarity(query, candidate.Item.Vector.ToArray()), candidate.Score, 5);
        }
    }

    [Fact]
    public async Task The_index_agrees_with_exact_search_and_ef_search_applies_per_request()
    {
        // A catalog past the exact-search threshold (set to 0), so searches walk the graph.
        await server.StopAsync();
        using var other = new TempDirectory();
        await using var indexed = await RetrievalServer.StartAsync(other.Path, encoder.Address, "CandidateRetrieval:Index:ExactSearchThreshold=0");
        var random = new Random(7);
        const int dimension = 16;
        var centres = Enumerable.Range(0, 12).Select(_ => RandomVector(random, dimension)).ToArray();
        var items = Enumerable.Range(0, 1500).Select(i =>
        {
            var centre = centres[i % centres.Length];
            return Of($"v{i}", $"Cluster/C{i % centres.Length}", centre.Select(c => c + (0.4f * (float)((random.NextDouble() * 2) - 1))).ToArray());
        }).ToArray();
        foreach (var chunk in items.Chunk(500))
        {
            await indexed.Client.UpsertItemsAsync(Upsert(chunk));
        }

        int agreeing = 0, total = 0;
        for (var q = 0; q < 20; q++)
        {
            var vector = RandomVector(random, dimension);
            var exactRequest = Retrieve(10, Query("q", vector));
            exactRequest.Exact = true;
            var exact = await indexed.Client.RetrieveAsync(exactRequest);
            Assert.True(exact.Exact);
            var exactIds = exact.Candidates.Select(c => c.Item.Id).ToHashSet();
            Assert.Equal(10, exactIds.Count);

            var wide = Retrieve(10, Query("q", vector));
            wide.EfSearch = 2000; // wider than the catalog: the graph search sees every item
            var wideResult = await indexed.Client.RetrieveAsync(wide);
            Assert.False(wideResult.Exact);
            Assert.Equal(exactIds, wideResult.Candidates.Select(c => c.Item.Id).ToHashSet());

            var normal = await indexed.Client.RetrieveAsync(Retrieve(10, Query("q", vector)));
            agreeing += normal.Candidates.Count(c => exactIds.Contains(c.Item.Id));
            total += 10;
        }
        Assert.True(agreeing >= 0.9 * total, $"recall@10 of the default ef_search was {agreeing / (double)total:F3}");
    }

    private static float[] RandomVector(Random random, int dimension) =>
        Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
