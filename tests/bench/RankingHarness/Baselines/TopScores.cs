namespace Recommender.Bench.RankingHarness.Baselines;

/// <summary>The k best-scored items, leaving out excluded ones; ties go to the lower index (deterministic).</summary>
public static class TopScores
{
    public static IReadOnlyList<string> Select(ReadOnlySpan<float> scores, ItemIndex items, IReadOnlySet<int> excluded, int k)
    {
        var best = new PriorityQueue<int, (float Score, int Negated)>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (excluded.Contains(i))
            {
                continue;
            }
            var key = (scores[i], -i);
            if (best.Count < k)
            {
                best.Enqueue(i, key);
            }
            else if (best.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                best.DequeueEnqueue(i, key);
            }
        }
        var result = new List<(int Index, (float, int) Key)>(best.Count);
        while (best.TryDequeue(out var index, out var key))
        {
            result.Add((index, key));
        }
        result.Reverse();
        return result.Select(r => items.Ids[r.Index]).ToList();
    }
}
