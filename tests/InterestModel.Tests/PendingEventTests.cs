using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class PendingEventTests
{
    [Fact]
    public void Events_for_unknown_items_wait_and_apply_when_the_item_arrives()
    {
        using var engine = NewEngine();
        var result = engine.Record([View("u", "new-item", Epoch), View("u", "new-item", Epoch.AddMinutes(1))]);
        Assert.Equal(2, result.Pending);
        Assert.True(engine.GetInterests("u", Epoch).IsColdStart);
        Assert.Equal(2, engine.Counts.PendingEvents);

        var upsert = engine.UpsertItems([new ItemInfo("new-item", "Toys/Lego")]);
        Assert.Equal(2, upsert.ResolvedPendingEvents);
        Assert.Equal(0, engine.Counts.PendingEvents);
        var profile = engine.GetInterests("u", Epoch.AddMinutes(1));
        Assert.False(profile.IsColdStart);
        Assert.Equal(2, Node(profile, "Toys/Lego").EvidenceCount);
    }

    [Fact]
    public void A_full_waiting_store_rejects_the_whole_batch()
    {
        var options = new InterestModelOptions();
        options.Limits.MaxPendingEvents = 2;
        using var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("known", "K")]);
        engine.Record([View("u", "x", Epoch)]);
        var error = Assert.Throws<InterestCapacityException>(() =>
            engine.Record([View("u", "known", Epoch, "k1"), View("u", "y", Epoch), View("u", "z", Epoch)]));
        Assert.Equal(2, error.Limit);
        Assert.Equal(1, engine.Counts.PendingEvents);
        Assert.True(engine.GetInterests("u", Epoch).IsColdStart); // the known item's event was not applied either
        Assert.Equal(1, engine.Record([View("u", "known", Epoch, "k1")]).Applied);
    }

    [Fact]
    public void Deleting_a_user_drops_their_waiting_events()
    {
        using var engine = NewEngine();
        engine.Record([View("u", "x", Epoch), View("other", "x", Epoch)]);
        Assert.True(engine.DeleteUser("u"));
        Assert.Equal(1, engine.Counts.PendingEvents);
        Assert.Equal(1, engine.UpsertItems([new ItemInfo("x", "X")]).ResolvedPendingEvents);
        Assert.True(engine.GetInterests("u", Epoch).IsColdStart);
        Assert.False(engine.GetInterests("other", Epoch).IsColdStart);
    }
}
