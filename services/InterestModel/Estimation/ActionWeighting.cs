using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Estimation;

/// <summary>
/// The weight of one event. Fixed per action kind; for a rating r in [min, max] it is linear between
/// <see cref="ActionWeightOptions.RatingWeightAtMin"/> and <see cref="ActionWeightOptions.RatingWeightAtMax"/>:
/// w(r) = w_min + (w_max − w_min) · (r − min) / (max − min).
/// </summary>
public static class ActionWeighting
{
    /// <summary>The weight of an event with <paramref name="action"/> and, for ratings, <paramref name="rating"/>.</summary>
    public static double WeightOf(ActionKind action, double? rating, ActionWeightOptions weights) => action switch
    {
        ActionKind.View => weights.View,
        ActionKind.Click => weights.Click,
        ActionKind.Cart => weights.Cart,
        ActionKind.Purchase => weights.Purchase,
        ActionKind.Rating => RatingWeight(rating ?? throw new ArgumentException("a rating event needs a value"), weights),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
    };

    private static double RatingWeight(double rating, ActionWeightOptions weights)
    {
        var position = (rating - weights.RatingMin) / (weights.RatingMax - weights.RatingMin);
        return weights.RatingWeightAtMin + (weights.RatingWeightAtMax - weights.RatingWeightAtMin) * position;
    }
}
