using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class IdempotencyTests
{
    [Fact]
    public void A_repeated_event_id_is_counted_once_within_and_across_batches()
    {
        using var engine = NewEngine();
        engine.UpsertItems([new ItemInfo("a", "A")]);
        var first = engine.Record([View("u", "a", Epoch, "e1"), View("u", "a", Epoch, "e1")]);
        Assert.Equal(new(1, 1, 0), (first.Applied, first.Duplicates, first.Pending));
        var again = engine.Record([View("u", "a", Epoch.AddMinutes(1), "e1")]);
        Assert.Equal(1, again.Duplicates);
        var profile = engine.GetInterests("u", Epoch);
        Assert.Equal(1, profile.EventCount);
        Assert.Equal(1, Node(profile, "A").DecayedWeight, 12);
    }

    [Fact]
    public void Event_ids_are_per_user()
    {
        using var engine = NewEngine();
        engine.UpsertItems([new ItemInfo("a", "A")]);
        var result = engine.Record([View("u1", "a", Epoch, "same"), View("u2", "a", Epoch, "same")]);
        Assert.Equal(2, result.Applied);
    }

    [Fact]
    public void A_repeat_of_an_event_waiting_for_its_item_is_counted_once()
    {
        using var engine = NewEngine();
        Assert.Equal(1, engine.Record([View("u", "later", Epoch, "p1")]).Pending);
        Assert.Equal(1, engine.Record([View("u", "later", Epoch, "p1")]).Duplicates);
        Assert.Equal(1, engine.UpsertItems([new ItemInfo("later", "L")]).ResolvedPendingEvents);
        Assert.Equal(1, engine.GetInterests("u", Epoch).EventCount);
    }

    [Fact]
    public void The_per_user_window_is_bounded_and_older_repeats_are_left_to_the_log()
    {
        var options = new InterestModelOptions();
        options.Estimation.RecentEventIdsPerUser = 4;
        using var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("a", "A")]);
        engine.Record(Enumerable.Range(1, 5).Select(i => View("u", "a", Epoch, $"e{i}")).ToList());
        Assert.Equal(1, engine.Record([View("u", "a", Epoch, "e5")]).Duplicates); // still in the window
        Assert.Equal(1, engine.Record([View("u", "a", Epoch, "e1")]).Applied);    // forgotten: the event log dedupes these
    }
}
