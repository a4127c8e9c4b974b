namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>Integer splitting for quotas: fitting requested quotas into k, and sharing spare room.</summary>
internal static class QuotaAllocator
{
    /// <summary>
    /// Quotas unchanged when they sum to at most k. Otherwise each positive quota first gets 1 (so a minor
    /// interest is never squeezed out; when k is smaller than the number of interests, the largest quotas
    /// win), then the rest of k is split in proportion to what each still asked for, by largest remainder.
    /// </summary>
    public static int[] FitToK(IReadOnlyList<int> quotas, int k)
    {
        var fitted = new int[quotas.Count];
        long total = quotas.Sum(q => (long)q);
        if (total <= k)
        {
            for (int i = 0; i < fitted.Length; i++)
            {
                fitted[i] = quotas[i];
            }
            return fitted;
        }
        var byQuota = Enumerable.Range(0, quotas.Count).Where(i => quotas[i] > 0)
            .OrderByDescending(i => quotas[i]).ThenBy(i => i).ToList();
        int remaining = k;
        foreach (int i in byQuota)
        {
            if (remaining == 0)
            {
                break;
            }
            fitted[i] = 1;
            remaining--;
        }
        var wanted = new double[quotas.Count];
        var capacity = new int[quotas.Count];
        for (int i = 0; i < quotas.Count; i++)
        {
            capacity[i] = fitted[i] == 1 ? quotas[i] - 1 : 0;
            wanted[i] = capacity[i];
        }
        var extra = Split(remaining, wanted, capacity);
        for (int i = 0; i < fitted.Length; i++)
        {
            fitted[i] += extra[i];
        }
        return fitted;
    }

    /// <summary>
    /// Splits <paramref name="amount"/> in proportion to <paramref name="weights"/> without giving anyone more
    /// than its capacity (largest-remainder rounding, ties to the lower index); what a capped entry cannot
    /// take goes round again to the others. Hands out min(amount, total capacity).
    /// </summary>
    public static int[] Split(int amount, IReadOnlyList<double> weights, IReadOnlyList<int> capacity)
    {
        var shares = new int[weights.Count];
        while (amount > 0)
        {
            var open = Enumerable.Range(0, weights.Count).Where(i => capacity[i] - shares[i] > 0 && weights[i] > 0).ToList();
            if (open.Count == 0)
            {
                break;
            }
            double weightSum = open.Sum(i => weights[i]);
            int given = 0;
            var remainders = new List<(double Remainder, int Index)>();
            foreach (int i in open)
            {
                double exact = amount * weights[i] / weightSum;
                int whole = Math.Min((int)Math.Floor(exact), capacity[i] - shares[i]);
                shares[i] += whole;
                given += whole;
                if (capacity[i] - shares[i] > 0)
                {
                    remainders.Add((exact - Math.Floor(exact), i));
                }
            }
            int left = amount - given;
            foreach (var (_, i) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index))
            {
                if (left == 0)
                {
                    break;
                }
                shares[i]++;
                left--;
            }
            amount = left;
        }
        return shares;
    }
}
