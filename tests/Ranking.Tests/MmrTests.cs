using Recommender.Ranking.Reranking;

namespace Recommender.Ranking.Tests;

public sealed class MmrTests
{
    // A and B are the same direction, C is orthogonal. Relevance after min-max: A 1, B 0.8, C 0.
    private static readonly RerankCandidate[] Vectors =
    [
        new(1.0, [1f, 0f], ""),
        new(0.9, [1f, 0f], ""),
        new(0.5, [0f, 1f], ""),
    ];

    [Fact]
    public void Pure_relevance_keeps_score_order()
    {
        Assert.Equal([0, 1, 2], Reranker.Select(Vectors, 3, new RerankSettings(1, 0), null));
    }

    [Fact]
    public void Diversity_picks_the_orthogonal_item_second()
    {
        // λ = 0.5, step 2: B = 0.5·0.8 − 0.5·1 = −0.1, C = 0.5·0 − 0.5·0 = 0 → C.
        Assert.Equal([0, 2, 1], Reranker.Select(Vectors, 3, new RerankSettings(0.5, 0), null));
    }

    [Fact]
    public void Break_even_lambda_is_where_the_maths_says()
    {
        // B beats C when 0.8 λ − (1 − λ) > 0, i.e. λ > 1 / 1.8 = 0.5556.
        Assert.Equal([0, 1, 2], Reranker.Select(Vectors, 3, new RerankSettings(0.56, 0), null));
        Assert.Equal([0, 2, 1], Reranker.Select(Vectors, 3, new RerankSettings(0.55, 0), null));
    }

    [Fact]
    public void Category_overlap_stands_in_for_missing_vectors()
    {
        RerankCandidate[] items =
        [
            new(1.0, null, "Movies/Crime"),
            new(0.9, null, "Movies/Crime"),
            new(0.5, null, "Movies/Comedy"),
            new(0.4, null, "Books"),
        ];
        // Similarities to A: B 1, C 1/2, D 0. Relevance: A 1, B 5/6, C 1/6, D 0.
        // Step 2 (λ = 0.5): B 5/12 − 1/2 = −1/12, C 1/12 − 1/4 = −1/6, D 0 → D.
        // Step 3: B −1/12 against C −1/6 → B; then C.
        Assert.Equal([0, 3, 1, 2], Reranker.Select(items, 4, new RerankSettings(0.5, 0), null));
        Assert.Equal(0.5, RerankCandidate.Similarity(items[0], items[2]));
        Assert.Equal(0, RerankCandidate.Similarity(items[0], items[3]));
    }

    [Fact]
    public void Returns_at_most_k_and_never_repeats()
    {
        var random = new Random(5);
        var items = Enumerable.Range(0, 50)
            .Select(_ => new RerankCandidate(random.NextDouble(), [(float)random.NextDouble(), (float)random.NextDouble() + 0.01f], ""))
            .Select(c => c with { UnitVector = Unit(c.UnitVector!) })
            .ToList();
        var order = Reranker.Select(items, 20, new RerankSettings(0.3, 0), null);
        Assert.Equal(20, order.Length);
        Assert.Equal(20, order.Distinct().Count());
        Assert.Equal(items.Select((c, i) => (c.Score, i)).Max().i, order[0]);
    }

    [Fact]
    public void Equal_scores_fall_back_to_input_order()
    {
        RerankCandidate[] items = [new(1, null, ""), new(1, null, ""), new(1, null, "")];
        Assert.Equal([0, 1, 2], Reranker.Select(items, 3, new RerankSettings(0.5, 0), null));
    }

    internal static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
