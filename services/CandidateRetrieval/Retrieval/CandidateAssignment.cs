using Recommender.CandidateRetrieval.Index;

namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>
/// Turns each query's ranked hits into one de-duplicated candidate list:
/// <list type="number">
/// <item>Every item keeps its best score (weight × similarity) over the queries that found it, and that query.</item>
/// <item>Quotas: all (query, hit) pairs are taken in descending score; a pair claims its item if the item is
/// not taken yet and the query's quota is not full. So an item goes to the interest it fits best among
/// those with room, and a minor interest still fills its quota from its own hits.</item>
/// <item>Spare room (k minus what was claimed, because quotas sum below k or a query ran out of hits) is
/// shared among queries that still have unclaimed hits, in proportion to weight, each taking its next
/// best hits.</item>
/// </list>
/// </summary>
internal static class CandidateAssignment
{
    public static (List<RetrievedCandidate> Candidates, int[] Filled) Assign(
        IReadOnlyList<IReadOnlyList<SearchHit>> hits, IReadOnlyList<float> weights, IReadOnlyList<int> quotas, int k)
    {
        int queries = hits.Count;
        var best = new Dictionary<string, RetrievedCandidate>(StringComparer.Ordinal);
        var pairs = new List<(float Score, int Query, int Rank)>();
        for (int q = 0; q < queries; q++)
        {
            for (int r = 0; r < hits[q].Count; r++)
            {
                var hit = hits[q][r];
                float score = weights[q] * hit.Score;
                pairs.Add((score, q, r));
                if (!best.TryGetValue(hit.Id, out var existing) || score > existing.Score)
                {
                    best[hit.Id] = new RetrievedCandidate(hit.Id, hit.InternalId, score, hit.Score, q);
                }
            }
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var filled = new int[queries];
        pairs.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Query != b.Query ? a.Query.CompareTo(b.Query) : a.Rank.CompareTo(b.Rank));
        foreach (var (_, q, r) in pairs)
        {
            if (taken.Count == k)
            {
                break;
            }
            if (filled[q] < quotas[q] && taken.Add(hits[q][r].Id))
            {
                filled[q]++;
            }
        }

        var cursor = new int[queries];
        while (taken.Count < k)
        {
            var spare = new int[queries];
            for (int q = 0; q < queries; q++)
            {
                for (int r = 0; r < hits[q].Count; r++)
                {
                    if (!taken.Contains(hits[q][r].Id))
                    {
                        spare[q]++;
                    }
                }
            }
            var shares = QuotaAllocator.Split(k - taken.Count, weights.Select(w => (double)w).ToList(), spare);
            int added = 0;
            foreach (int q in Enumerable.Range(0, queries).OrderByDescending(q => weights[q]).ThenBy(q => q))
            {
                for (; shares[q] > 0 && cursor[q] < hits[q].Count; cursor[q]++)
                {
                    if (taken.Add(hits[q][cursor[q]].Id))
                    {
                        filled[q]++;
                        shares[q]--;
                        added++;
                    }
                }
            }
            if (added == 0)
            {
                break;
            }
        }

        var candidates = taken.Select(id => best[id])
            .OrderByDescending(c => c.Score).ThenBy(c => c.ItemId, StringComparer.Ordinal).ToList();
        return (candidates, filled);
    }
}
