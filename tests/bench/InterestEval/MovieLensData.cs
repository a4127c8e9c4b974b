namespace Recommender.InterestEval;

/// <summary>One rating of the MovieLens file.</summary>
internal readonly record struct Rating(int User, int Movie, double Value, long TimestampSeconds, int Order);

/// <summary>MovieLens <c>ml-latest-small</c>: movies with their genres, and ratings grouped by user in time order.</summary>
internal sealed class MovieLensData
{
    private MovieLensData(Dictionary<int, string[]> genres, Dictionary<int, List<Rating>> ratingsByUser)
    {
        Genres = genres;
        RatingsByUser = ratingsByUser;
        AllGenres = genres.Values.SelectMany(g => g).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Genres per movie; movies without genres are left out.</summary>
    public Dictionary<int, string[]> Genres { get; }

    /// <summary>Every genre, sorted.</summary>
    public string[] AllGenres { get; }

    /// <summary>Ratings of movies with genres, per user, by time (file order breaks ties).</summary>
    public Dictionary<int, List<Rating>> RatingsByUser { get; }

    public static MovieLensData Load(string directory)
    {
        var genres = new Dictionary<int, string[]>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "movies.csv")).Skip(1))
        {
            var fields = SplitCsv(line);
            var list = fields[2].Split('|', StringSplitOptions.RemoveEmptyEntries);
            if (list.Length > 0 && list[0] != "(no genres listed)")
            {
                genres[int.Parse(fields[0])] = list;
            }
        }
        var byUser = new Dictionary<int, List<Rating>>();
        var order = 0;
        foreach (var line in File.ReadLines(Path.Combine(directory, "ratings.csv")).Skip(1))
        {
            var fields = line.Split(',');
            var rating = new Rating(int.Parse(fields[0]), int.Parse(fields[1]), double.Parse(fields[2]), long.Parse(fields[3]), order++);
            if (!genres.ContainsKey(rating.Movie))
            {
                continue;
            }
            if (!byUser.TryGetValue(rating.User, out var list))
            {
                list = [];
                byUser[rating.User] = list;
            }
            list.Add(rating);
        }
        foreach (var list in byUser.Values)
        {
            list.Sort((a, b) => a.TimestampSeconds != b.TimestampSeconds ? a.TimestampSeconds.CompareTo(b.TimestampSeconds) : a.Order.CompareTo(b.Order));
        }
        return new MovieLensData(genres, byUser);
    }

    /// <summary>Splits one CSV line with optional double-quoted fields.</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
