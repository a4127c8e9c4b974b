using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Service;

/// <summary>The served weights as the GetWeights answer.</summary>
public static class WeightsInfoMapping
{
    public static WeightsInfo Of(ServedWeights weights)
    {
        var current = weights.Current;
        var model = current.Model;
        var info = new WeightsInfo
        {
            Version = model.Version,
            Objective = model.Objective is { } o ? WeightsFile.ObjectiveName(o) : "manual",
            BuiltIn = ReferenceEquals(model, BuiltInModel.Instance) || model.Version == BuiltInModel.Version,
            LoadedAt = Timestamp.FromDateTimeOffset(current.LoadedAt),
            PreviousVersion = weights.Previous?.Model.Version ?? "",
            WeightsJson = WeightsFile.Serialize(model),
        };
        if (model.Training is { } training)
        {
            info.TrainingLists = training.Lists;
            info.TrainingCandidates = training.Candidates;
            if (training.TrainedAt is { } trainedAt)
            {
                info.TrainedAt = Timestamp.FromDateTimeOffset(trainedAt);
            }
            if (training.HeldOut is { } heldOut)
            {
                info.HeldOutMetric = heldOut.Metric;
                info.HeldOutValue = heldOut.Value;
                info.HeldOutReplacedValue = heldOut.ReplacedValue;
                info.HeldOutLists = heldOut.Lists;
            }
        }
        return info;
    }
}
