using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;

namespace Recommender.InterestEval;

/// <summary>Mean divergence and recall of one method on MovieLens, overall and by history size.</summary>
internal sealed class MovieLensScores(string name)
{
    public string Name { get; } = name;

    public Mean Js { get; } = new();

    public Mean Recall3 { get; } = new();

    public Dictionary<string, Mean> JsByBucket { get; } = [];

    public void Add(double[] target, double[] estimate, string bucket)
    {
        var js = Metrics.JensenShannon(target, estimate);
        Js.Add(js);
        Recall3.Add(Metrics.RecallAtK(target, estimate, 3));
        if (!JsByBucket.TryGetValue(bucket, out var mean))
        {
            mean = new Mean();
            JsByBucket[bucket] = mean;
        }
        mean.Add(js);
    }
}

/// <summary>Result of the MovieLens benchmark; null <see cref="Methods"/> when the data is absent.</summary>
internal sealed record MovieLensResult(string Directory, IReadOnlyList<MovieLensScores>? Methods, int Users, int Genres, string[] Buckets);

/// <summary>
/// MovieLens <c>ml-latest-small</c>: per user, estimate the genre distribution from the earlier 80% of their ratings
/// (time order) and compare with the genre distribution of the later 20%. A one-level tree of genres; a movie with
/// several genres splits its mass evenly (the library's multi-path items), in the target and in every baseline.
/// </summary>
internal static class MovieLensBenchmark
{
    public const string Ours = "ours (default settings)";
    public const string OwnHistory = "user's own history (maximum likelihood)";
    public const string Global = "global distribution";
    public const string Uniform = "uniform";

    private static readonly string[] BucketNames = ["16-49 ratings", "50-199 ratings", "200+ ratings"];

    public static MovieLensResult Run(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "ratings.csv")) || !File.Exists(Path.Combine(directory, "movies.csv")))
        {
            return new MovieLensResult(directory, null, 0, 0, BucketNames);
        }
        var data = MovieLensData.Load(directory);
        var genreIndex = data.AllGenres.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i);
        var splits = data.RatingsByUser
            .Where(pair => pair.Value.Count >= 5)
            .OrderBy(pair => pair.Key)
            .Select(pair => (User: pair.Key, Train: pair.Value.Take((int)(0.8 * pair.Value.Count)).ToList(), Test: pair.Value.Skip((int)(0.8 * pair.Value.Count)).ToList()))
            .ToList();

        var variants = new (string Name, InterestModelOptions Options)[]
        {
            (Ours, MovieLensOptions(_ => { })),
            ("ours, every rating weight 1", MovieLensOptions(o => o.ActionWeights.RatingWeightAtMin = o.ActionWeights.RatingWeightAtMax = 1)),
            ("ours, no decay", MovieLensOptions(o => o.Estimation.LongTermHalfLife = o.Estimation.ShortTermHalfLife = TimeSpan.FromDays(365_000))),
        };
        var scores = variants.Select(v => new MovieLensScores(v.Name)).Concat(new[] { OwnHistory, Global, Uniform }.Select(n => new MovieLensScores(n))).ToList();
        var estimates = new List<double[]>[variants.Length];
        for (var v = 0; v < variants.Length; v++)
        {
            estimates[v] = Estimate(data, splits.Select(s => (s.User, s.Train)).ToList(), variants[v].Options, genreIndex);
        }
        var global = new double[genreIndex.Count];
        foreach (var split in splits)
        {
            AddGenres(data, split.Train, genreIndex, global);
        }
        var uniform = Enumerable.Repeat(1.0 / genreIndex.Count, genreIndex.Count).ToArray();
        for (var u = 0; u < splits.Count; u++)
        {
            var target = new double[genreIndex.Count];
            AddGenres(data, splits[u].Test, genreIndex, target);
            var own = new double[genreIndex.Count];
            AddGenres(data, splits[u].Train, genreIndex, own);
            var bucket = splits[u].Train.Count < 50 ? BucketNames[0] : splits[u].Train.Count < 200 ? BucketNames[1] : BucketNames[2];
            for (var v = 0; v < variants.Length; v++)
            {
                scores[v].Add(target, estimates[v][u], bucket);
            }
            scores[variants.Length].Add(target, own, bucket);
            scores[variants.Length + 1].Add(target, global, bucket);
            scores[variants.Length + 2].Add(target, uniform, bucket);
        }
        return new MovieLensResult(directory, scores, splits.Count, genreIndex.Count, BucketNames);
    }

    private static InterestModelOptions MovieLensOptions(Action<InterestModelOptions> change)
    {
        var options = EvalEngines.Options(equalActionWeights: false);
        options.ActionWeights.RatingMin = 0.5;
        options.ActionWeights.RatingMax = 5;
        change(options);
        return options;
    }

    /// <summary>Fits the prior on every user's training ratings and returns each user's estimated genre distribution.</summary>
    private static List<double[]> Estimate(MovieLensData data, List<(int User, List<Rating> Train)> users, InterestModelOptions options, Dictionary<string, int> genreIndex)
    {
        using var engine = new InterestEngine(options);
        var items = data.Genres.Select(pair => new ItemInfo($"m{pair.Key}", pair.Value)).ToList();
        foreach (var chunk in items.Chunk(options.Limits.MaxItemBatchSize))
        {
            engine.UpsertItems(chunk);
        }
        foreach (var (user, train) in users)
        {
            EvalEngines.Record(engine, train.Select(r => new InterestEvent(
                $"u{user}", $"m{r.Movie}", ActionKind.Rating, r.Value, DateTimeOffset.FromUnixTimeSeconds(r.TimestampSeconds), $"r{r.Order}")).ToList());
        }
        engine.RefitPrior();
        var result = new List<double[]>(users.Count);
        foreach (var (user, train) in users)
        {
            var profile = engine.GetInterests($"u{user}", DateTimeOffset.FromUnixTimeSeconds(train[^1].TimestampSeconds));
            var estimate = new double[genreIndex.Count];
            foreach (var node in profile.LongTerm.First(l => l.Depth == 1).Nodes)
            {
                estimate[genreIndex[node.Path]] = node.Probability;
            }
            result.Add(estimate);
        }
        return result;
    }

    /// <summary>Adds each rated movie's genres with the movie's mass split evenly.</summary>
    private static void AddGenres(MovieLensData data, List<Rating> ratings, Dictionary<string, int> genreIndex, double[] into)
    {
        foreach (var rating in ratings)
        {
            var genres = data.Genres[rating.Movie];
            foreach (var genre in genres)
            {
                into[genreIndex[genre]] += 1.0 / genres.Length;
            }
        }
    }
}
