using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.Signals;

/// <summary>
/// The shared clock of a global decayed statistic: a reference time, a half-life, and the growth factor that turns
/// an amount at time t into a stored mass (see <see cref="ExponentialDecay"/>).
/// </summary>
internal sealed class DecayClock(double halfLifeMs)
{
    public double HalfLifeMs { get; } = halfLifeMs;

    public long ReferenceMs { get; private set; }

    public bool Started { get; private set; }

    /// <summary>
    /// The stored mass of one unit at <paramref name="timeMs"/>. Calls <paramref name="rescale"/> with a factor for
    /// every existing stored mass first when the reference has to move forward.
    /// </summary>
    public double Growth(long timeMs, Action<double> rescale)
    {
        if (!Started)
        {
            ReferenceMs = timeMs;
            Started = true;
        }
        else if (ExponentialDecay.NeedsRebase(ReferenceMs, timeMs, HalfLifeMs))
        {
            rescale(ExponentialDecay.Growth(timeMs, ReferenceMs, HalfLifeMs));
            ReferenceMs = timeMs;
        }
        return ExponentialDecay.Growth(ReferenceMs, timeMs, HalfLifeMs);
    }

    /// <summary>The factor that turns stored masses into values at <paramref name="asOfMs"/>.</summary>
    public double DecayTo(long asOfMs) => Started ? ExponentialDecay.Growth(asOfMs, ReferenceMs, HalfLifeMs) : 0;

    public void Write(BinaryWriter writer)
    {
        writer.Write(Started);
        writer.Write(ReferenceMs);
    }

    public void Read(BinaryReader reader)
    {
        Started = reader.ReadBoolean();
        ReferenceMs = reader.ReadInt64();
    }
}
