namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>
/// The genre distribution of a set of items in the manner of Steck (2018): each item spreads a weight
/// of 1 evenly over its genres, p(g) = Σ_i p(g|i) / (items with a genre). Items without genres do not count.
/// </summary>
public static class GenreDistribution
{
    public static Dictionary<string, double> Of(IEnumerable<IReadOnlyList<string>> itemGenres)
    {
        var mass = new Dictionary<string, double>(StringComparer.Ordinal);
        var items = 0;
        foreach (var genres in itemGenres)
        {
            if (genres.Count == 0)
            {
                continue;
            }
            items++;
            foreach (var genre in genres)
            {
                mass[genre] = mass.GetValueOrDefault(genre) + 1.0 / genres.Count;
            }
        }
        foreach (var genre in mass.Keys.ToList())
        {
            mass[genre] /= items;
        }
        return mass;
    }
}
