using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation.Math;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class DriftTests
{
    private static InterestEngine EngineWithItems()
    {
        var engine = NewEngine();
        engine.UpsertItems([new ItemInfo("a1", "A/x"), new ItemInfo("a2", "A/y"), new ItemInfo("b1", "B/z"), new ItemInfo("c1", "C/w")]);
        return engine;
    }

    [Fact]
    public void A_constructed_shift_is_flagged_within_a_few_events()
    {
        using var engine = EngineWithItems();
        var t = Epoch;
        for (var i = 0; i < 40; i++, t = t.AddHours(2))
        {
            engine.Record([View("u", i % 4 == 0 ? "c1" : i % 2 == 0 ? "a1" : "a2", t)]);
        }
        Assert.False(engine.GetInterests("u", t).Drift.Detected);
        int? flaggedAfter = null;
        for (var i = 1; i <= 10 && flaggedAfter is null; i++, t = t.AddHours(2))
        {
            engine.Record([View("u", "b1", t)]);
            if (engine.GetInterests("u", t).Drift.Detected)
            {
                flaggedAfter = i;
            }
        }
        Assert.NotNull(flaggedAfter);
        Assert.InRange(flaggedAfter!.Value, 1, 5);
        var drift = engine.GetInterests("u", t).Drift;
        Assert.Equal("B", drift.Movers[0].Path);
        Assert.True(drift.Movers[0].ShortTermProbability > drift.Movers[0].LongTermProbability);
        Assert.InRange(drift.EventsSinceChange!.Value, 1, 6);
    }

    [Fact]
    public void A_stable_user_is_not_flagged()
    {
        using var engine = EngineWithItems();
        var sampler = new GammaSampler(9);
        double[] interest = [0.5, 0.2, 0.2, 0.1];
        string[] items = ["a1", "a2", "b1", "c1"];
        var t = Epoch;
        var maxScore = double.NegativeInfinity;
        for (var i = 0; i < 150; i++, t = t.AddHours(2))
        {
            engine.Record([View("u", items[sampler.NextCategorical(interest)], t)]);
            var drift = engine.GetInterests("u", t).Drift;
            Assert.False(drift.Detected, $"stable user flagged after event {i + 1} with score {drift.Score}");
            maxScore = Math.Max(maxScore, drift.Score);
        }
        Assert.True(maxScore < engine.Options.Estimation.DriftThreshold);
    }

    [Fact]
    public void Without_older_evidence_there_is_no_drift()
    {
        using var engine = EngineWithItems();
        engine.Record([View("u", "a1", Epoch)]);
        Assert.Equal(0, engine.GetInterests("u", Epoch).Drift.Score);
        Assert.Equal(0, engine.GetInterests("unknown", Epoch).Drift.Score);
    }
}
