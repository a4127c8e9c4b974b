namespace Recommender.Ranking.Features;

/// <summary>The signals the scoring model combines. Each can be absent for a candidate.</summary>
public enum RankingFeature
{
    /// <summary>Cosine similarity of the item to the interest vector that retrieved it.</summary>
    InterestSimilarity,

    /// <summary>Cosine similarity of the item to the user's overall vector.</summary>
    OverallSimilarity,

    /// <summary>The user's interest probability for the item's category, at the deepest level the distribution knows.</summary>
    CategoryInterest,

    /// <summary>Co-visitation of the item with the user's recent items (sum of normalised counts).</summary>
    Covisitation,

    /// <summary>Decayed popularity, normalised to [0, 1] by the most popular item.</summary>
    Popularity,

    /// <summary>2^(-age / half-life) from the item's creation time: 1 for new items, towards 0 for old ones.</summary>
    Freshness,

    /// <summary>Cosine similarity of the item to the nearest of the user's recent items that came with an embedding.</summary>
    HistorySimilarity,
}

/// <summary>Names and model-input transforms of the <see cref="RankingFeature"/>s.</summary>
public static class RankingFeatures
{
    /// <summary>Number of features.</summary>
    public const int Count = 7;

    private static readonly string[] Names =
        ["interest_similarity", "overall_similarity", "category_interest", "covisitation", "popularity", "freshness", "history_similarity"];

    /// <summary>Every feature in index order.</summary>
    public static IReadOnlyList<RankingFeature> All { get; } = Enum.GetValues<RankingFeature>();

    /// <summary>The stable name used in weights files, contributions and missing_features.</summary>
    public static string Name(RankingFeature feature) => Names[(int)feature];

    /// <summary>The feature with this stable name.</summary>
    public static bool TryParse(string name, out RankingFeature feature)
    {
        var index = Array.IndexOf(Names, name);
        feature = (RankingFeature)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>
    /// The model's input for a raw value. Co-visitation and popularity are heavy-tailed, so the model
    /// sees log(1 + c) and log(1 + 1000 p) (popularity in thousandths of the top item's); the other
    /// features are used as they are. Contributions report the raw value.
    /// </summary>
    public static double Transform(RankingFeature feature, double raw) => feature switch
    {
        RankingFeature.Covisitation => Math.Log(1 + Math.Max(0, raw)),
        RankingFeature.Popularity => Math.Log(1 + 1000 * Math.Max(0, raw)),
        _ => raw,
    };
}
