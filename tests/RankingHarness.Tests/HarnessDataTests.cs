using Recommender.Bench.RankingHarness.Baselines;
using Recommender.Bench.RankingHarness.Data;

namespace Recommender.Bench.RankingHarness.Tests;

public sealed class HarnessDataTests
{
    [Fact]
    public void Split_holds_out_the_last_rating_and_trains_on_the_one_before()
    {
        Rating[] ratings = [new("1", "m3", 4, 300), new("1", "m1", 3, 100), new("1", "m2", 5, 200), new("1", "m4", 2, 400), new("2", "m1", 3, 100)];
        var split = Assert.Single(HoldOutSplit.Of(ratings)); // user 2 has fewer than three ratings
        Assert.Equal(["m1", "m2"], split.Training.Select(r => r.MovieId));
        Assert.Equal("m3", split.TrainingTarget.MovieId);
        Assert.Equal("m4", split.HeldOut.MovieId);
        Assert.Equal(["m1", "m2", "m3"], split.EvaluationHistory.Select(r => r.MovieId));
    }

    [Fact]
    public void Category_path_puts_the_rarest_genre_first_and_leaves_out_imax()
    {
        Movie Movie(string id, params string[] genres) => new(id, id, genres, null, []);
        var movies = new[] { Movie("1", "Drama"), Movie("2", "Drama", "Crime"), Movie("3", "Drama", "Crime", "Thriller"), Movie("4", "Thriller", "IMAX"), Movie("5") };
        var scheme = new CategoryScheme(movies);
        Assert.Equal("Drama", scheme.PathOf(movies[0]));
        Assert.Equal("Crime/Drama", scheme.PathOf(movies[1]));
        Assert.Equal("Crime/Thriller", scheme.PathOf(movies[2])); // Crime 2, Thriller 2 (tie by name), Drama 3
        Assert.Equal("Thriller", scheme.PathOf(movies[3]));
        Assert.Equal(CategoryScheme.NoGenre, scheme.PathOf(movies[4]));
    }

    [Fact]
    public void Top_scores_skip_excluded_items_and_break_ties_by_index()
    {
        var items = new ItemIndex(["a", "b", "c", "d"]);
        float[] scores = [0.5f, 0.9f, 0.5f, 0.7f];
        Assert.Equal(["b", "d", "a"], TopScores.Select(scores, items, new HashSet<int>(), 3));
        Assert.Equal(["d", "a", "c"], TopScores.Select(scores, items, new HashSet<int> { 1 }, 5));
    }
}
