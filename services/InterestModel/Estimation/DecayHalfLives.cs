namespace Recommender.InterestModel.Estimation;

/// <summary>The two half-lives in milliseconds, as the arithmetic uses them.</summary>
internal readonly record struct DecayHalfLives(double LongMs, double ShortMs)
{
    public static DecayHalfLives From(EstimationOptions options) =>
        new(options.LongTermHalfLife.TotalMilliseconds, options.ShortTermHalfLife.TotalMilliseconds);
}
