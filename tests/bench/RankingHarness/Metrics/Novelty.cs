namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>
/// Novelty: the mean self-information −log2 p(i) of the recommended items, p(i) the share of users who rated
/// item i (add-one smoothed, so an item nobody rated has a finite value). Higher is less obvious.
/// </summary>
public sealed class Novelty
{
    private readonly Dictionary<string, int> _raters;
    private readonly int _users;

    /// <param name="histories">Each user's rated items (the histories the lists were made from).</param>
    public Novelty(IEnumerable<IEnumerable<string>> histories)
    {
        _raters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var history in histories)
        {
            _users++;
            foreach (var item in history.Distinct(StringComparer.Ordinal))
            {
                _raters[item] = _raters.GetValueOrDefault(item) + 1;
            }
        }
    }

    public double SelfInformation(string item) => -Math.Log2((_raters.GetValueOrDefault(item) + 1.0) / (_users + 1.0));

    public double Of(IReadOnlyList<string> items) => items.Count == 0 ? 0 : items.Average(SelfInformation);
}
