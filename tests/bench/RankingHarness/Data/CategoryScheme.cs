namespace Recommender.Bench.RankingHarness.Data;

/// <summary>
/// Movie genres as a category path: the movie's genres ordered from the rarest in the catalog to the
/// most common, the first two as "Rarest/Next" ("Animation/Children" for Toy Story, "Crime/Thriller",
/// "Drama" for a drama only). The rarer genre is the more telling one, so the top level separates
/// movies better than "Drama" or "Comedy" would. IMAX is a format, not a genre, and is left out;
/// movies without a genre are filed under "Other". Metrics use all genres, not the path.
/// </summary>
public sealed class CategoryScheme
{
    public const string NoGenre = "Other";
    private const string Imax = "IMAX";
    private readonly Dictionary<string, int> _frequency;

    public CategoryScheme(IEnumerable<Movie> movies)
    {
        _frequency = movies.SelectMany(m => m.Genres).GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>The genres that count (IMAX left out).</summary>
    public static IReadOnlyList<string> Genres(Movie movie) => movie.Genres.Where(g => g != Imax).ToList();

    public string PathOf(Movie movie)
    {
        var ordered = Genres(movie).OrderBy(g => _frequency[g]).ThenBy(g => g, StringComparer.Ordinal).Take(2).ToList();
        return ordered.Count == 0 ? NoGenre : string.Join('/', ordered);
    }
}
