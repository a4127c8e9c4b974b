namespace Recommender.Bench.RankingHarness.Data;

/// <summary>
/// One user's ratings in time order (ties by movie id), cut into: <see cref="Training"/> (all but the
/// last two), <see cref="TrainingTarget"/> (the second-to-last: the positive of the weights' training
/// lists, with <see cref="Training"/> as its history) and <see cref="HeldOut"/> (the last: the
/// evaluation target, with everything before it as history).
/// </summary>
public sealed record UserSplit(string UserId, IReadOnlyList<Rating> Training, Rating TrainingTarget, Rating HeldOut)
{
    /// <summary>Everything the evaluation may know: the training ratings and the training target.</summary>
    public IEnumerable<Rating> EvaluationHistory => Training.Append(TrainingTarget);
}

/// <summary>Splits every user with at least three ratings.</summary>
public static class HoldOutSplit
{
    public static IReadOnlyList<UserSplit> Of(IEnumerable<Rating> ratings) =>
        ratings.GroupBy(r => r.UserId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.UnixSeconds).ThenBy(r => r.MovieId, StringComparer.Ordinal).ToList())
            .Where(list => list.Count >= 3)
            .Select(list => new UserSplit(list[0].UserId, list.Take(list.Count - 2).ToList(), list[^2], list[^1]))
            .OrderBy(s => int.TryParse(s.UserId, out var id) ? id : int.MaxValue).ThenBy(s => s.UserId, StringComparer.Ordinal)
            .ToList();
}
