namespace Recommender.InterestModel.Estimation;

/// <summary>
/// Exponential decay with exact, lazy arithmetic. An event of weight w at time t is stored as
/// w · 2^((t − ref)/h) relative to a reference time ref; its value at any later time T is the stored mass times
/// 2^(−(T − ref)/h) = w · 2^(−(T − t)/h). Sums of stored masses therefore decay without being touched, and the
/// order in which events arrive does not matter. When (t − ref)/h grows large the reference is moved forward
/// (<see cref="NeedsRebase"/>), multiplying every stored mass by the same factor.
/// </summary>
public static class ExponentialDecay
{
    /// <summary>Stored masses are rescaled once an event lies this many half-lives after the reference (2^64 ≈ 1.8e19).</summary>
    public const double RebaseExponent = 64;

    /// <summary>The multiplier 2^((t − ref)/h) that turns a weight at <paramref name="timeMs"/> into a stored mass.</summary>
    public static double Growth(long referenceMs, long timeMs, double halfLifeMs) =>
        System.Math.Pow(2.0, (timeMs - referenceMs) / halfLifeMs);

    /// <summary>The value at <paramref name="asOfMs"/> of a mass stored relative to <paramref name="referenceMs"/>.</summary>
    public static double Decayed(double storedMass, long referenceMs, long asOfMs, double halfLifeMs) =>
        storedMass * System.Math.Pow(2.0, -(asOfMs - referenceMs) / halfLifeMs);

    /// <summary>True when an event at <paramref name="timeMs"/> lies so far after the reference that it should move.</summary>
    public static bool NeedsRebase(long referenceMs, long timeMs, double halfLifeMs) =>
        (timeMs - referenceMs) / halfLifeMs > RebaseExponent;
}
