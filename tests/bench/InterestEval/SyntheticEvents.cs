using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>
/// Turns sampled leaves into engine events: a catalog with a few items per leaf, an action mix, and timestamps one
/// exponential gap apart (mean <see cref="MeanGap"/>). In this generator every action is equally informative: the
/// category is drawn from the user's interests whatever the action.
/// </summary>
internal sealed class SyntheticEvents(SyntheticWorld world, GammaSampler sampler)
{
    public const int ItemsPerLeaf = 8;
    public static readonly TimeSpan MeanGap = TimeSpan.FromHours(2);
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (ActionKind Action, double Probability)[] ActionMix =
    [
        (ActionKind.View, 0.70), (ActionKind.Click, 0.15), (ActionKind.Cart, 0.07), (ActionKind.Purchase, 0.05), (ActionKind.Rating, 0.03),
    ];

    private long sequence;

    public static string ItemId(int leaf, int k) => $"i{leaf}-{k}";

    /// <summary>Registers every leaf's items with the engine.</summary>
    public void RegisterItems(InterestEngine engine)
    {
        var items = world.Leaves
            .SelectMany(leaf => Enumerable.Range(0, ItemsPerLeaf).Select(k => new ItemInfo(ItemId(leaf, k), world.Nodes[leaf].Path)))
            .ToList();
        foreach (var chunk in items.Chunk(engine.Options.Limits.MaxItemBatchSize))
        {
            engine.UpsertItems(chunk);
        }
    }

    /// <summary>A start time for a new user, spread over a year.</summary>
    public DateTimeOffset NextStart() => Epoch + TimeSpan.FromDays(sampler.NextUniform() * 365);

    /// <summary>The time of the next event after <paramref name="previous"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset previous) =>
        previous + TimeSpan.FromMilliseconds(-System.Math.Log(1 - sampler.NextUniform()) * MeanGap.TotalMilliseconds);

    /// <summary>An event on a random item of <paramref name="leaf"/>.</summary>
    public InterestEvent Create(string userId, int leaf, DateTimeOffset timestamp)
    {
        var u = sampler.NextUniform();
        var action = ActionMix[^1].Action;
        foreach (var (candidate, probability) in ActionMix)
        {
            if (u < probability)
            {
                action = candidate;
                break;
            }
            u -= probability;
        }
        double? rating = action == ActionKind.Rating ? 1 + sampler.NextInt(5) : null;
        return new InterestEvent(userId, ItemId(leaf, sampler.NextInt(ItemsPerLeaf)), action, rating, timestamp, $"e{sequence++}");
    }
}
