using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Estimation.Math;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class SmoothingTests
{
    private static readonly string[] Leaves = ["A/a1", "A/a2", "B/b1", "B/b2", "B/b3", "C/c1"];

    /// <summary>
    /// 500 users whose top-level interests are Dirichlet(4 · (0.6, 0.3, 0.1)) and whose interests inside A and B
    /// are Dirichlet(1, ..., 1), 20 views each; prior fitted.
    /// </summary>
    private static InterestEngine PopulationEngine(InterestModelOptions? options = null)
    {
        var engine = NewEngine(options ?? ReportEverything());
        engine.UpsertItems(Leaves.Select(l => new ItemInfo(l, l)).ToList());
        var sampler = new GammaSampler(5);
        var top = new double[3];
        var insideA = new double[2];
        var insideB = new double[3];
        for (var u = 0; u < 500; u++)
        {
            sampler.NextDirichlet([2.4, 1.2, 0.4], top);
            sampler.NextDirichlet([1.0, 1.0], insideA);
            sampler.NextDirichlet([1.0, 1.0, 1.0], insideB);
            var events = new List<InterestEvent>();
            for (var e = 0; e < 20; e++)
            {
                var category = sampler.NextCategorical(top);
                var leaf = category switch
                {
                    0 => $"A/a{1 + sampler.NextCategorical(insideA)}",
                    1 => $"B/b{1 + sampler.NextCategorical(insideB)}",
                    _ => "C/c1",
                };
                events.Add(View($"pop{u}", leaf, Epoch.AddMinutes(e)));
            }
            engine.Record(events);
        }
        engine.RefitPrior();
        return engine;
    }

    [Fact]
    public void The_fitted_prior_recovers_the_population_centre_and_strength()
    {
        using var engine = PopulationEngine();
        var alphas = engine.Prior.FittedAlphas(CategoryTree.RootId)!;
        var strength = alphas.Values.Sum();
        Assert.InRange(strength, 3.0, 5.3); // true 4
        var cold = engine.GetInterests("nobody", Epoch);
        Assert.True(cold.IsColdStart);
        Assert.Equal(0.6, Probability(cold, "A")!.Value, 0.05);
        Assert.Equal(0.3, Probability(cold, "B")!.Value, 0.05);
        Assert.Equal(0.1, Probability(cold, "C")!.Value, 0.05);
    }

    [Fact]
    public void A_sparse_user_stays_near_the_prior_and_moves_towards_their_evidence()
    {
        using var engine = PopulationEngine();
        var prior = engine.GetInterests("nobody", Epoch);
        engine.Record([View("sparse", "C/c1", Epoch)]);
        var sparse = engine.GetInterests("sparse", Epoch);
        Assert.False(sparse.IsColdStart);
        Assert.True(Probability(sparse, "C") > Probability(prior, "C") + 0.1, "one event should raise its category");
        Assert.True(Probability(sparse, "A") > 0.3, "one event should not erase the population's favourite");
        Assert.True(Probability(sparse, "C") < 0.5);
    }

    [Fact]
    public void A_heavy_user_gets_their_own_proportions()
    {
        using var engine = PopulationEngine();
        var events = new List<InterestEvent>();
        for (var i = 0; i < 2000; i++)
        {
            var leaf = (i % 10) switch { 0 => "A/a1", 1 or 2 => "B/b1", _ => "C/c1" }; // 10%, 20%, 70%
            events.Add(View("heavy", leaf, Epoch.AddSeconds(i)));
        }
        foreach (var chunk in events.Chunk(1000))
        {
            engine.Record(chunk);
        }
        var profile = engine.GetInterests("heavy", Epoch.AddSeconds(2000));
        Assert.Equal(0.1, Probability(profile, "A")!.Value, 0.01);
        Assert.Equal(0.2, Probability(profile, "B")!.Value, 0.01);
        Assert.Equal(0.7, Probability(profile, "C")!.Value, 0.01);
        Assert.Equal(0.2, Probability(profile, "B/b1")!.Value, 0.01);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    public void Probabilities_sum_to_one_at_every_level(int events)
    {
        using var engine = PopulationEngine();
        engine.Record(Enumerable.Range(0, events).Select(i => View("u", Leaves[i % Leaves.Length], Epoch.AddMinutes(i))).ToList());
        var profile = engine.GetInterests("u", Epoch.AddHours(1));
        foreach (var level in profile.LongTerm.Concat(profile.ShortTerm))
        {
            Assert.Equal(1.0, level.Nodes.Sum(n => n.Probability), 1e-12);
            Assert.All(level.Nodes, n => Assert.InRange(n.Probability, n.Lower, n.Upper));
        }
        Assert.Equal(2, profile.LongTerm.Count);
    }

    [Fact]
    public void Before_any_fit_a_cold_user_gets_an_even_spread()
    {
        using var engine = NewEngine(ReportEverything());
        engine.UpsertItems(Leaves.Select(l => new ItemInfo(l, l)).ToList());
        var profile = engine.GetInterests("new", Epoch);
        Assert.True(profile.IsColdStart);
        Assert.All(profile.LongTerm[0].Nodes, n => Assert.Equal(1.0 / 3, n.Probability, 12));
        Assert.Empty(profile.RecentItems);
        Assert.Equal(0, profile.Drift.Score);
    }

    [Fact]
    public void Evidence_sharpens_the_interval()
    {
        using var engine = PopulationEngine();
        engine.Record(Enumerable.Range(0, 5).Select(i => View("few", i % 5 == 0 ? "A/a1" : "B/b1", Epoch.AddMinutes(i))).ToList());
        engine.Record(Enumerable.Range(0, 500).Select(i => View("many", i % 5 == 0 ? "A/a1" : "B/b1", Epoch.AddMinutes(i))).ToList());
        var few = Node(engine.GetInterests("few", Epoch.AddDays(1)), "B");
        var many = Node(engine.GetInterests("many", Epoch.AddDays(1)), "B");
        Assert.True(many.Upper - many.Lower < (few.Upper - few.Lower) / 4);
        Assert.Equal(0.8, many.Probability, 0.02);
        Assert.InRange(0.8, many.Lower, many.Upper);
    }
}
