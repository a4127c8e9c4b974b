namespace Recommender.Bench.RankingHarness.Baselines;

/// <summary>A recommender computed in the harness from the training histories.</summary>
public interface IBaseline
{
    string Name { get; }

    /// <summary>The k best items for a user with this history, none of <paramref name="excluded"/>.</summary>
    IReadOnlyList<string> Recommend(IReadOnlyList<int> history, IReadOnlySet<int> excluded, int k);
}
