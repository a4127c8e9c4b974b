using Recommender.InterestModel.Domain;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class ProfileTests
{
    [Fact]
    public void Interest_vector_is_the_weighted_mean_of_the_evidence_embeddings()
    {
        using var engine = NewEngine();
        engine.UpsertItems([
            new ItemInfo("phone", "Electronics/Phones", [1f, 0f]),
            new ItemInfo("case", "Electronics/Phones", [0f, 1f]),
            new ItemInfo("book", "Books/Novels", [0f, 0f, 1f]),
        ]);
        engine.Record([
            Event("u", "phone", ActionKind.Purchase, Epoch, "p"), // weight 5
            View("u", "case", Epoch, "v"),                         // weight 1
        ]);
        var profile = engine.GetInterests("u", Epoch);
        var top = profile.TopInterests[0];
        Assert.Equal("Electronics/Phones", top.Path);
        var norm = Math.Sqrt(26);
        Assert.Equal(5 / norm, top.Vector![0], 6);
        Assert.Equal(1 / norm, top.Vector[1], 6);
        Assert.Equal(2, top.EvidenceCount);
        Assert.Equal("phone", top.Evidence[0].ItemId);
        Assert.Equal(ActionKind.Purchase, top.Evidence[0].Action);
        Assert.Equal(5.0 / 6, top.Evidence[0].Share, 12);
        Assert.Equal(1.0 / 6, top.Evidence[1].Share, 12);
        Assert.All(profile.TopInterests.Where(i => i.Path == "Books/Novels"), i => Assert.Null(i.Vector)); // no evidence there
    }

    [Fact]
    public void Evidence_shares_account_for_decay()
    {
        var options = ReportEverything();
        options.Estimation.LongTermHalfLife = TimeSpan.FromDays(1);
        options.Estimation.ShortTermHalfLife = TimeSpan.FromDays(1);
        using var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("old", "A/B"), new ItemInfo("new", "A/B")]);
        engine.Record([View("u", "old", Epoch), View("u", "new", Epoch.AddDays(1))]);
        var evidence = engine.GetInterests("u", Epoch.AddDays(3)).TopInterests.Single(i => i.Path == "A/B").Evidence;
        Assert.Equal("new", evidence[0].ItemId);
        Assert.Equal(2.0 / 3, evidence[0].Share, 12);
        Assert.Equal(1.0 / 3, evidence[1].Share, 12);
        Assert.Equal(Epoch, evidence[1].Timestamp);
    }

    [Fact]
    public void Recent_items_are_distinct_newest_first()
    {
        using var engine = NewEngine();
        engine.UpsertItems([new ItemInfo("a", "X"), new ItemInfo("b", "X"), new ItemInfo("c", "X")]);
        engine.Record([View("u", "a", Epoch), View("u", "b", Epoch.AddMinutes(1)), View("u", "a", Epoch.AddMinutes(2))]);
        engine.Record([View("u", "c", Epoch.AddSeconds(30))]); // arrives late
        var recent = engine.GetInterests("u", Epoch.AddMinutes(3)).RecentItems;
        Assert.Equal(["a", "b", "c"], recent.Select(r => r.ItemId));
        Assert.Equal(Epoch.AddMinutes(2), recent[0].Timestamp);
    }

    [Fact]
    public void Items_filed_at_inner_nodes_keep_the_levels_consistent()
    {
        using var engine = NewEngine(ReportEverything());
        engine.UpsertItems([new ItemInfo("general", "A"), new ItemInfo("specific", "A/B"), new ItemInfo("other", "C/D")]);
        engine.Record([View("u", "general", Epoch), View("u", "general", Epoch), View("u", "specific", Epoch), View("u", "other", Epoch)]);
        var profile = engine.GetInterests("u", Epoch);
        Assert.Equal(1, profile.LongTerm[0].Nodes.Sum(n => n.Probability), 12);
        var level2 = profile.LongTerm[1].Nodes.Sum(n => n.Probability);
        Assert.True(level2 < 0.9, "mass of items filed at A itself does not reach level 2");
        Assert.True(Probability(profile, "A/B") < Probability(profile, "A"));
    }

    [Fact]
    public void An_item_in_several_categories_splits_its_mass()
    {
        using var engine = NewEngine(ReportEverything());
        engine.UpsertItems([new ItemInfo("film", ["Drama", "Comedy"])]);
        engine.Record([Event("u", "film", ActionKind.Rating, Epoch, rating: 5)]);
        var profile = engine.GetInterests("u", Epoch);
        Assert.Equal(1.0, Node(profile, "Drama").DecayedWeight, 12); // weight 2 split in two
        Assert.Equal(Probability(profile, "Drama")!.Value, Probability(profile, "Comedy")!.Value, 12);
        Assert.Equal(1.0, Node(profile, "Drama").EffectiveEvidence, 12); // each genre mention is one effective event
    }
}
