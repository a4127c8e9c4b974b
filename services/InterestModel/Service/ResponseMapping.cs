using Google.Protobuf.WellKnownTypes;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Signals;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Service;

/// <summary>Turns engine results into contract messages. Titles come from the catalog (empty when unknown).</summary>
internal static class ResponseMapping
{
    /// <summary>Item ids whose titles a profile shows (evidence and recent items).</summary>
    public static IEnumerable<string> TitledItems(InterestProfile profile) =>
        profile.TopInterests.SelectMany(i => i.Evidence.Select(e => e.ItemId)).Concat(profile.RecentItems.Select(r => r.ItemId));

    public static Proto.InterestProfile ToProto(InterestProfile profile, int maxDepth, EstimationOptions estimation, IReadOnlyDictionary<string, string> titles)
    {
        var message = new Proto.InterestProfile
        {
            UserId = profile.UserId,
            ColdStart = profile.IsColdStart,
            EventCount = profile.EventCount,
            PendingEventCount = profile.PendingEventCount,
            LongTerm = Distribution(profile.LongTerm, maxDepth, estimation.LongTermHalfLife),
            ShortTerm = Distribution(profile.ShortTerm, maxDepth, estimation.ShortTermHalfLife),
            Drift = Drift(profile.Drift),
            UpdatedAt = Timestamp.FromDateTimeOffset(profile.AsOf),
        };
        foreach (var interest in profile.TopInterests)
        {
            var top = new Proto.Interest
            {
                CategoryPath = interest.Path,
                Probability = interest.Probability,
                Lower = interest.Lower,
                Upper = interest.Upper,
            };
            if (interest.Vector is { } vector)
            {
                top.Vector.AddRange(vector);
            }
            foreach (var evidence in interest.Evidence)
            {
                top.Evidence.Add(new Proto.Evidence
                {
                    // The engine keeps its strongest events compactly, without their ids (see the service README).
                    EventId = "",
                    ItemId = evidence.ItemId,
                    Title = titles.GetValueOrDefault(evidence.ItemId, ""),
                    Action = RequestMapping.ToProto(evidence.Action),
                    Timestamp = Timestamp.FromDateTimeOffset(evidence.Timestamp),
                    Share = evidence.Share,
                });
            }
            message.TopInterests.Add(top);
        }
        if (profile.OverallVector is { } overall)
        {
            message.OverallVector.AddRange(overall);
        }
        foreach (var recent in profile.RecentItems)
        {
            message.RecentItems.Add(new Proto.RecentItem
            {
                ItemId = recent.ItemId,
                Title = titles.GetValueOrDefault(recent.ItemId, ""),
                CategoryPath = recent.CategoryPath,
                Action = RequestMapping.ToProto(recent.Action),
                Timestamp = Timestamp.FromDateTimeOffset(recent.Timestamp),
            });
        }
        return message;
    }

    private static Proto.InterestDistribution Distribution(IReadOnlyList<InterestLevel> levels, int maxDepth, TimeSpan halfLife)
    {
        var distribution = new Proto.InterestDistribution { HalfLifeDays = halfLife.TotalDays };
        // Levels come shallowest first, so parents precede their children.
        foreach (var level in levels.Where(l => maxDepth == 0 || l.Depth <= maxDepth).OrderBy(l => l.Depth))
        {
            foreach (var node in level.Nodes)
            {
                distribution.Nodes.Add(new Proto.CategoryInterest
                {
                    CategoryPath = node.Path,
                    Depth = node.Depth,
                    Probability = node.Probability,
                    Lower = node.Lower,
                    Upper = node.Upper,
                    EvidenceCount = node.EvidenceCount,
                    DecayedWeight = node.DecayedWeight,
                });
            }
        }
        return distribution;
    }

    private static Proto.Drift Drift(DriftReport drift)
    {
        var message = new Proto.Drift { Score = drift.Score, Threshold = drift.Threshold, Shifted = drift.Detected };
        // Movers carry their short-term probability: where the user's interest is now.
        foreach (var mover in drift.Movers)
        {
            var entry = new Proto.CategoryProbability { CategoryPath = mover.Path, Probability = mover.ShortTermProbability };
            if (mover.ShortTermProbability > mover.LongTermProbability)
            {
                message.Rising.Add(entry);
            }
            else if (mover.ShortTermProbability < mover.LongTermProbability)
            {
                message.Falling.Add(entry);
            }
        }
        return message;
    }

    public static Proto.ItemSignals ToProto(ItemSignals signals, IReadOnlyDictionary<string, string> titles)
    {
        var message = new Proto.ItemSignals
        {
            ItemId = signals.ItemId,
            Covisitation = signals.NormalisedCoVisitation,
            Popularity = signals.RelativePopularity,
            Known = signals.Known,
        };
        foreach (var source in signals.Sources)
        {
            message.Sources.Add(new Proto.CovisitSource
            {
                ItemId = source.ItemId,
                Title = titles.GetValueOrDefault(source.ItemId, ""),
                Weight = source.Weight,
            });
        }
        return message;
    }

    public static Proto.PopularItem ToProto(PopularItem item) =>
        new() { ItemId = item.ItemId, CategoryPath = item.CategoryPath, Popularity = item.RelativePopularity };
}
