using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.RankingTrainer;

/// <summary>
/// NDCG@10 of the labelled item when a model orders a list by score (what Recommend shows before re-ranking),
/// averaged over lists, and which users are held out of training to measure it.
/// </summary>
public static class HeldOutMetric
{
    public const string Name = "ndcg@10";

    private const int Cutoff = 10;

    public static double MeanNdcg(RankingModel model, IReadOnlyList<TrainingList> lists) =>
        lists.Count == 0 ? 0 : lists.Average(list => Ndcg(model, list));

    /// <summary>1 / log2(rank + 2) for the first positive's 0-based rank below the cutoff, else 0; ties count against it.</summary>
    public static double Ndcg(RankingModel model, TrainingList list)
    {
        var positive = list.Positives[0];
        var score = model.Score(list.Candidates[positive]);
        var ahead = 0;
        for (var i = 0; i < list.Candidates.Count && ahead < Cutoff; i++)
        {
            if (i != positive && model.Score(list.Candidates[i]) >= score)
            {
                ahead++;
            }
        }
        return ahead < Cutoff ? 1 / Math.Log2(ahead + 2) : 0;
    }

    /// <summary>Whether a user is in the held-out share (a stable hash of the id, the same on every run).</summary>
    public static bool IsHeldOut(string userId, int percent)
    {
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash % 100 < percent;
    }
}
