using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class DecayArithmeticTests
{
    [Fact]
    public void Stored_mass_decays_by_half_per_half_life()
    {
        var halfLife = TimeSpan.FromDays(10).TotalMilliseconds;
        long reference = 0;
        var stored = 3 * ExponentialDecay.Growth(reference, (long)halfLife, halfLife); // weight 3 at one half-life
        Assert.Equal(6, stored, 12);
        Assert.Equal(3, ExponentialDecay.Decayed(stored, reference, (long)halfLife, halfLife), 12);
        Assert.Equal(1.5, ExponentialDecay.Decayed(stored, reference, (long)(2 * halfLife), halfLife), 12);
    }

    [Fact]
    public void Decayed_weight_of_a_category_is_the_hand_computed_sum()
    {
        var options = ReportEverything();
        options.Estimation.LongTermHalfLife = TimeSpan.FromDays(10);
        options.Estimation.ShortTermHalfLife = TimeSpan.FromDays(5);
        using var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("phone", "Electronics/Phones"), new ItemInfo("tv", "Electronics/TV")]);
        engine.Record([
            View("u", "phone", Epoch),                                          // weight 1, 20 days before asOf
            Event("u", "phone", ActionKind.Purchase, Epoch.AddDays(10)),        // weight 5, 10 days before
            Event("u", "tv", ActionKind.Rating, Epoch.AddDays(15), rating: 5),  // weight 2, 5 days before
        ]);
        var profile = engine.GetInterests("u", Epoch.AddDays(20));

        // Long term (10-day half-life): 1·2^-2 + 5·2^-1 = 2.75 for phones; 2·2^-0.5 for TV.
        Assert.Equal(2.75, Node(profile, "Electronics/Phones").DecayedWeight, 12);
        Assert.Equal(2 * Math.Pow(2, -0.5), Node(profile, "Electronics/TV").DecayedWeight, 12);
        Assert.Equal(2.75 + 2 * Math.Pow(2, -0.5), Node(profile, "Electronics").DecayedWeight, 12);
        // Short term (5-day half-life): 1·2^-4 + 5·2^-2 = 1.3125.
        Assert.Equal(1.3125, Node(profile, "Electronics/Phones", shortTerm: true).DecayedWeight, 12);
        Assert.Equal(2, Node(profile, "Electronics/Phones").EvidenceCount);
        Assert.Equal(3, Node(profile, "Electronics").EvidenceCount);
    }

    [Fact]
    public void Rating_weight_is_linear_between_the_configured_ends()
    {
        var weights = new ActionWeightOptions { RatingMin = 1, RatingMax = 5, RatingWeightAtMin = 0.5, RatingWeightAtMax = 2.5 };
        Assert.Equal(0.5, ActionWeighting.WeightOf(ActionKind.Rating, 1, weights), 12);
        Assert.Equal(2.5, ActionWeighting.WeightOf(ActionKind.Rating, 5, weights), 12);
        Assert.Equal(1.5, ActionWeighting.WeightOf(ActionKind.Rating, 3, weights), 12);
        Assert.Equal(weights.Cart, ActionWeighting.WeightOf(ActionKind.Cart, null, weights));
    }

    [Fact]
    public void Reference_time_moves_forward_without_changing_values()
    {
        // Events 400 short half-lives apart force several rebases of the stored masses.
        var options = ReportEverything();
        options.Estimation.ShortTermHalfLife = TimeSpan.FromHours(1);
        options.Estimation.LongTermHalfLife = TimeSpan.FromDays(30);
        using var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("a", "A")]);
        var times = new[] { 0, 100, 250, 400, 401 }.Select(h => Epoch.AddHours(h)).ToArray();
        foreach (var t in times)
        {
            engine.Record([View("u", "a", t)]);
        }
        var asOf = Epoch.AddHours(410);
        var profile = engine.GetInterests("u", asOf);
        var expectedLong = times.Sum(t => Math.Pow(2, -(asOf - t).TotalDays / 30));
        var expectedShort = times.Sum(t => Math.Pow(2, -(asOf - t).TotalHours));
        Assert.Equal(expectedLong, Node(profile, "A").DecayedWeight, 10);
        Assert.Equal(expectedShort, Node(profile, "A", shortTerm: true).DecayedWeight, 12);
    }
}
