using Recommender.Contracts.V1;
using Recommender.Ranking.Reranking;

namespace Recommender.Ranking.Tests;

public sealed class CalibrationTests
{
    private static readonly Dictionary<string, double> Even = new() { ["A"] = 0.5, ["B"] = 0.5 };

    [Fact]
    public void Kl_divergence_by_hand()
    {
        // [A, A]: q̃ = (0.995, 0.005): 0.5 ln(0.5/0.995) + 0.5 ln(0.5/0.005) = 1.958518.
        Assert.Equal(1.9585177736, Calibration.KlDivergence(Even, ["A", "A"]), 1e-9);
        // q = p: 0.
        Assert.Equal(0, Calibration.KlDivergence(Even, ["A", "B"]), 1e-12);
        // empty list: q̃ = α p, KL = ln(1/α) = ln 100.
        Assert.Equal(Math.Log(100), Calibration.KlDivergence(Even, []), 1e-12);
        // an item outside p takes mass: [A, C] gives q̃(A) = 0.5, q̃(B) = 0.005 → 0.5 ln 100.
        Assert.Equal(0.5 * Math.Log(100), Calibration.KlDivergence(Even, ["A", "C"]), 1e-12);
        // uncategorised items do not count.
        Assert.Equal(0, Calibration.KlDivergence(Even, ["A", "", "B"]), 1e-12);
    }

    [Fact]
    public void Greedy_calibration_picks_what_the_maths_says()
    {
        var target = CategoryDistribution.FromProbabilities([("Drama", 0.7), ("Comedy", 0.3)], depth: 1)!;
        RerankCandidate[] items =
        [
            new(1.0, null, "Drama/Crime"),
            new(0.95, null, "Drama"),
            new(0.9, null, "Drama/War"),
            new(0.5, null, "Comedy/Romantic"),
        ];
        // λ = 1, β = 0.5. Relevance: 1, 0.9, 0.8, 0.
        // Step 1: Drama 0.5·1 − 0.5·1.133982 = −0.067 beats Comedy −0.5·2.864535.
        // Step 2: Drama 0.5·0.9 − 0.5·1.133982 = −0.342; Comedy 0 − 0.5·0.080691 = −0.040 → Comedy.
        // Step 3: Drama 0.45 − 0.5·0.002495 wins.
        var order = Reranker.Select(items, 3, new RerankSettings(1, 0.5), target);
        Assert.Equal([0, 3, 1], order);

        var calibrated = Calibration.KlDivergence(target.Probabilities, order.Select(i => target.NodeOf(items[i].CategoryPath)));
        var byScore = Calibration.KlDivergence(target.Probabilities, new[] { 0, 1, 2 }.Select(i => target.NodeOf(items[i].CategoryPath)));
        Assert.Equal(0.0024951978, calibrated, 1e-9);
        Assert.Equal(1.1339817514, byScore, 1e-9);
    }

    [Fact]
    public void Calibration_lowers_kl_on_a_constructed_case()
    {
        // Scores favour Crime, the user is 50/30/20 over three genres.
        var target = CategoryDistribution.FromProbabilities([("Crime", 0.5), ("Comedy", 0.3), ("Drama", 0.2)], 1)!;
        var random = new Random(11);
        var items = Enumerable.Range(0, 60).Select(i =>
        {
            var genre = i < 30 ? "Crime" : i < 45 ? "Comedy" : "Drama";
            return new RerankCandidate((genre == "Crime" ? 2 : 0) + random.NextDouble(), null, genre);
        }).ToList();

        double Kl(int[] order) => Calibration.KlDivergence(target.Probabilities, order.Select(i => items[i].CategoryPath));
        var plain = Kl(Reranker.Select(items, 10, new RerankSettings(1, 0), target));
        var half = Kl(Reranker.Select(items, 10, new RerankSettings(1, 0.5), target));
        var full = Reranker.Select(items, 10, new RerankSettings(1, 1), target);
        // All Crime: q̃ = (0.995, 0.003, 0.002).
        Assert.Equal(0.5 * Math.Log(0.5 / 0.995) + 0.3 * Math.Log(100) + 0.2 * Math.Log(100), plain, 1e-9);
        Assert.True(half < plain * 0.2, $"calibrated KL {half} should be far below {plain}");
        // Pure calibration reaches the user's mix exactly: 5 Crime, 3 Comedy, 2 Drama, KL 0.
        Assert.Equal(0, Kl(full), 1e-12);
        Assert.Equal([5, 3, 2], new[] { "Crime", "Comedy", "Drama" }.Select(g => full.Count(i => items[i].CategoryPath == g)));
    }

    [Fact]
    public void Greedy_step_is_the_argmax_of_the_documented_objective()
    {
        // Independent check on random cases: recompute every step's gains from the formula.
        var random = new Random(17);
        string[] genres = ["A", "A/x", "A/y", "B", "B/z", "C", ""];
        for (var trial = 0; trial < 30; trial++)
        {
            var target = CategoryDistribution.FromProbabilities([("A", random.NextDouble()), ("B", random.NextDouble()), ("C", random.NextDouble())], 1)!;
            var items = Enumerable.Range(0, 25).Select(_ => new RerankCandidate(
                random.NextDouble() * 3,
                random.NextDouble() < 0.7 ? MmrTests.Unit([(float)random.NextDouble(), (float)random.NextDouble(), 0.05f]) : null,
                genres[random.Next(genres.Length)])).ToList();
            var settings = new RerankSettings(random.NextDouble(), random.NextDouble());
            var order = Reranker.Select(items, 8, settings, target);

            double min = items.Min(c => c.Score), max = items.Max(c => c.Score);
            var chosen = new List<int>();
            foreach (var pick in order)
            {
                double Gain(int i)
                {
                    var relevance = (items[i].Score - min) / (max - min);
                    var similarity = chosen.Count == 0 ? 0 : chosen.Max(j => RerankCandidate.Similarity(items[i], items[j]));
                    var kl = Calibration.KlDivergence(target.Probabilities, chosen.Append(i).Select(j => target.NodeOf(items[j].CategoryPath)), settings.Alpha);
                    return (1 - settings.CalibrationWeight) * (settings.DiversityLambda * relevance - (1 - settings.DiversityLambda) * similarity)
                        - settings.CalibrationWeight * kl;
                }
                var best = Enumerable.Range(0, items.Count).Where(i => !chosen.Contains(i)).Max(Gain);
                Assert.Equal(best, Gain(pick), 1e-9);
                chosen.Add(pick);
            }
        }
    }

    [Fact]
    public void Target_uses_the_configured_level_or_the_deepest_shallower_one()
    {
        CategoryProbability[] profile =
        [
            new() { CategoryPath = "Movies", Probability = 0.8 },
            new() { CategoryPath = "Books", Probability = 0.2 },
            new() { CategoryPath = "Movies/Crime", Probability = 0.6 },
            new() { CategoryPath = "Movies/Comedy", Probability = 0.2 },
        ];
        var top = CategoryDistribution.FromProfile(profile, 1)!;
        Assert.Equal(1, top.Depth);
        Assert.Equal(0.8, top.Probabilities["Movies"], 1e-12);
        Assert.Equal("Movies", top.NodeOf("Movies/Crime/Heist"));

        var second = CategoryDistribution.FromProfile(profile, 2)!;
        Assert.Equal(2, second.Depth);
        Assert.Equal(0.75, second.Probabilities["Movies/Crime"], 1e-12); // renormalised 0.6 / 0.8
        Assert.Equal("Movies/Crime", second.NodeOf("Movies/Crime/Heist"));

        Assert.Equal(2, CategoryDistribution.FromProfile(profile, 5)!.Depth);
        Assert.Null(CategoryDistribution.FromProfile([], 1));
    }
}
