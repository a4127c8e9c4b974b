using System.Globalization;
using System.Text;

namespace Recommender.Bench.RankingHarness.Data;

/// <summary>A movie of MovieLens: id, title, genres (without "(no genres listed)"), tags users gave it.</summary>
public sealed record Movie(string Id, string Title, IReadOnlyList<string> Genres, int? Year, IReadOnlyList<string> Tags);

/// <summary>One rating of MovieLens.</summary>
public sealed record Rating(string UserId, string MovieId, double Value, long UnixSeconds);

/// <summary>The MovieLens ml-latest-small files, read in place.</summary>
public sealed record MovieLens(IReadOnlyList<Movie> Movies, IReadOnlyList<Rating> Ratings)
{
    private const string NoGenres = "(no genres listed)";

    /// <summary>Reads movies.csv, ratings.csv and tags.csv from <paramref name="directory"/>.</summary>
    public static MovieLens Load(string directory)
    {
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in Rows(Path.Combine(directory, "tags.csv")))
        {
            var list = tags.TryGetValue(row[1], out var existing) ? existing : tags[row[1]] = new List<string>();
            var tag = row[2].Trim();
            if (tag.Length > 0 && tag.Length <= 64 && list.Count < 64 && !list.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(tag);
            }
        }
        var movies = Rows(Path.Combine(directory, "movies.csv")).Select(row => new Movie(
            row[0],
            row[1].Trim(),
            row[2] == NoGenres ? [] : row[2].Split('|'),
            YearOf(row[1]),
            tags.TryGetValue(row[0], out var t) ? t : [])).ToList();
        var ratings = Rows(Path.Combine(directory, "ratings.csv")).Select(row => new Rating(
            row[0], row[1], double.Parse(row[2], CultureInfo.InvariantCulture), long.Parse(row[3], CultureInfo.InvariantCulture))).ToList();
        return new MovieLens(movies, ratings);
    }

    /// <summary>"Heat (1995)" → 1995.</summary>
    private static int? YearOf(string title)
    {
        var t = title.TrimEnd();
        return t.Length >= 6 && t[^1] == ')' && t[^6] == '(' && int.TryParse(t.AsSpan(t.Length - 5, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? year
            : null;
    }

    /// <summary>CSV rows after the header (RFC 4180 quoting: titles contain commas and doubled quotes).</summary>
    private static IEnumerable<string[]> Rows(string path)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
