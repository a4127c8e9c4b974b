using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;

namespace Recommender.InterestEval;

/// <summary>Engine configurations used by the evaluation.</summary>
internal static class EvalEngines
{
    /// <summary>
    /// Options that report every node (so divergences cover whole levels). <paramref name="equalActionWeights"/>
    /// sets every action and rating weight to 1, which matches a generator where actions are equally informative.
    /// </summary>
    public static InterestModelOptions Options(bool equalActionWeights, double minReportedProbability = 0)
    {
        var options = new InterestModelOptions();
        options.Profile.MinReportedProbability = minReportedProbability;
        options.Profile.MaxNodesPerLevel = 100_000;
        if (equalActionWeights)
        {
            var w = options.ActionWeights;
            w.View = w.Click = w.Cart = w.Purchase = w.RatingWeightAtMin = w.RatingWeightAtMax = 1;
        }
        return options;
    }

    /// <summary>Records a user's events in batches no larger than the engine accepts.</summary>
    public static void Record(InterestEngine engine, IReadOnlyList<InterestEvent> events)
    {
        foreach (var chunk in events.Chunk(engine.Options.Limits.MaxBatchSize))
        {
            engine.Record(chunk);
        }
    }
}
