using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class SignalTests
{
    private static InterestModelOptions Options(int neighbours = 50)
    {
        var options = new InterestModelOptions();
        options.Signals.SessionGap = TimeSpan.FromMinutes(30);
        options.Signals.CoVisitationWindow = TimeSpan.FromMinutes(20);
        options.Signals.CoVisitationHalfLife = TimeSpan.FromDays(1);
        options.Signals.PopularityHalfLife = TimeSpan.FromDays(7);
        options.Signals.NeighboursPerItem = neighbours;
        return options;
    }

    private static void AddItems(Engine.InterestEngine engine, params string[] ids) =>
        engine.UpsertItems(ids.Select(id => new ItemInfo(id, "Cat")).ToList());

    [Fact]
    public void Co_visitation_counts_pairs_in_one_session_within_the_window()
    {
        using var engine = NewEngine(Options());
        AddItems(engine, "a", "b", "c", "d", "e");
        engine.Record([
            View("u1", "a", Epoch),
            View("u1", "b", Epoch.AddMinutes(15)),  // with a: same session, 15 min apart
            View("u1", "c", Epoch.AddMinutes(30)),  // with b (15 min); not with a (30 > 20-minute window)
            View("u1", "d", Epoch.AddMinutes(75)),  // 45-minute pause: a new session
        ]);
        engine.Record([View("u2", "a", Epoch), View("u2", "b", Epoch.AddMinutes(1))]);
        engine.Record([View("reader", "a", Epoch.AddHours(1))]);

        var signals = engine.GetItemSignals("reader", ["b", "c", "d", "e", "a"], Epoch.AddDays(1));
        // Two co-visits (dated by their second visit), decayed with a one-day half-life.
        Assert.Equal(Math.Pow(2, -(1440 - 15) / 1440.0) + Math.Pow(2, -(1440 - 1) / 1440.0), signals[0].CoVisitation, 12);
        Assert.Equal("a", signals[0].CoVisitedWith);
        Assert.Equal(0, signals[1].CoVisitation);
        Assert.Equal(0, signals[2].CoVisitation);
        Assert.Null(signals[2].CoVisitedWith);
        Assert.Equal(0, signals[4].CoVisitation); // an item does not co-visit itself
    }

    [Fact]
    public void Covisited_items_sum_each_recent_items_shares_and_leave_out_what_the_user_saw()
    {
        using var engine = NewEngine(Options());
        AddItems(engine, "a", "b", "c", "d", "e");
        // a's co-visits: b twice, c once (shares 2/3 and 1/3); d's: b once, e once (about 1/2 each: the later pair
        // weighs 2^(1/1440) more with a one-day half-life).
        engine.Record([View("u1", "a", Epoch), View("u1", "b", Epoch.AddMinutes(1))]);
        engine.Record([View("u2", "a", Epoch), View("u2", "b", Epoch.AddMinutes(1))]);
        engine.Record([View("u3", "a", Epoch), View("u3", "c", Epoch.AddMinutes(1))]);
        engine.Record([View("u4", "d", Epoch), View("u4", "b", Epoch.AddMinutes(1)), View("u4", "e", Epoch.AddMinutes(2))]);
        engine.Record([View("reader", "a", Epoch.AddHours(1)), View("reader", "d", Epoch.AddHours(3))]);

        var covisited = engine.GetCovisitedItems("reader", 10);

        // b: 2/3 (from a) + b's share of d's co-visits; d also co-visits e. a and d themselves are left out.
        Assert.Equal(["b", "e", "c"], covisited.Select(c => c.ItemId));
        Assert.Equal(2.0 / 3 + 0.5, covisited[0].Score, 3);
        Assert.Equal(0.5, covisited[1].Score, 3);
        Assert.Equal(1.0 / 3, covisited[2].Score, 12);
        Assert.Equal(["b"], engine.GetCovisitedItems("reader", 1).Select(c => c.ItemId));
        Assert.Empty(engine.GetCovisitedItems("stranger", 10));
    }

    [Fact]
    public void An_event_arriving_late_pairs_with_visits_on_both_sides()
    {
        using var engine = NewEngine(Options());
        AddItems(engine, "a", "b", "c");
        engine.Record([View("u", "a", Epoch), View("u", "c", Epoch.AddMinutes(10))]);
        engine.Record([View("u", "b", Epoch.AddMinutes(5))]);
        engine.Record([View("reader", "b", Epoch.AddMinutes(30))]);
        var signals = engine.GetItemSignals("reader", ["a", "c"], Epoch.AddMinutes(10));
        Assert.True(signals[0].CoVisitation > 0.99);
        Assert.True(signals[1].CoVisitation > 0.99);
    }

    [Fact]
    public void Popularity_is_action_weighted_and_decays()
    {
        using var engine = NewEngine(Options());
        AddItems(engine, "a", "b");
        engine.Record([View("u1", "a", Epoch), Event("u2", "a", ActionKind.Purchase, Epoch), View("u3", "b", Epoch)]);
        var signals = engine.GetItemSignals("anyone", ["a", "b", "unknown"], Epoch.AddDays(7));
        Assert.Equal(3.0, signals[0].Popularity, 12); // (1 + 5) halved
        Assert.Equal(0.5, signals[1].Popularity, 12);
        Assert.Equal(6.0 / 7, signals[0].PopularityShare, 12);
        Assert.False(signals[2].Known);
        Assert.Equal(0, signals[2].Popularity);
    }

    [Fact]
    public void Each_item_keeps_only_its_strongest_neighbours()
    {
        using var engine = NewEngine(Options(neighbours: 2));
        AddItems(engine, "a", "b", "c", "d");
        var t = Epoch;
        engine.Record([View("u1", "a", t), View("u1", "b", t.AddMinutes(1))]);
        engine.Record([View("u2", "a", t), View("u2", "b", t.AddMinutes(1))]);
        engine.Record([View("u3", "a", t), View("u3", "c", t.AddMinutes(1))]);
        engine.Record([View("u4", "a", t.AddHours(5)), View("u4", "d", t.AddHours(5).AddMinutes(1))]);
        engine.Record([View("reader", "a", t.AddHours(6))]);
        var signals = engine.GetItemSignals("reader", ["b", "c", "d"], t.AddHours(6));
        Assert.True(signals[0].CoVisitation > 1.5);  // b: the strongest, kept
        Assert.Equal(0, signals[1].CoVisitation); // c: the weakest, evicted from a's list by the newer d
        Assert.True(signals[2].CoVisitation > 0.8);
    }
}
