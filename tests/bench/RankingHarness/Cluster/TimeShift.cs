using Google.Protobuf.WellKnownTypes;

namespace Recommender.Bench.RankingHarness.Cluster;

/// <summary>Moves MovieLens times so the newest rating lies one day before now (gaps between ratings unchanged).</summary>
public sealed class TimeShift(long newestUnixSeconds, DateTimeOffset now)
{
    private readonly long _offsetSeconds = now.AddDays(-1).ToUnixTimeSeconds() - newestUnixSeconds;

    public DateTimeOffset Now { get; } = now;

    public Timestamp Of(long unixSeconds) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds + _offsetSeconds));

    /// <summary>January 1st of a release year, shifted like the ratings and never after now.</summary>
    public Timestamp OfYear(int year)
    {
        var shifted = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(_offsetSeconds);
        return Timestamp.FromDateTimeOffset(shifted < Now ? shifted : Now.AddDays(-1));
    }
}
