using Google.Protobuf.WellKnownTypes;
using Recommender.InterestModel.History;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Service;

/// <summary>The interest history as its contract message.</summary>
internal static class HistoryMapping
{
    public static Proto.InterestHistory ToProto(InterestHistory history)
    {
        var message = new Proto.InterestHistory
        {
            UserId = history.UserId,
            Granularity = history.Granularity == HistoryGranularity.Week ? Proto.HistoryGranularity.Week : Proto.HistoryGranularity.Day,
            Depth = history.Depth,
            HalfLifeDays = history.HalfLifeDays,
        };
        foreach (var period in history.Periods)
        {
            var periodMessage = new Proto.InterestPeriod
            {
                Start = Timestamp.FromDateTimeOffset(period.Start),
                End = Timestamp.FromDateTimeOffset(period.End),
                EventCount = period.Events,
            };
            periodMessage.Categories.AddRange(period.Categories.Select(c => new Proto.PeriodInterest
            {
                CategoryPath = c.Path,
                Mass = c.Mass,
                DecayedMass = c.DecayedMass,
                Share = c.Share,
                EventCount = c.Events,
            }));
            message.Periods.Add(periodMessage);
        }
        return message;
    }
}
