namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>
/// A per-user metric over disjoint folds of users (by a stable hash of the user id): the mean over all users and
/// the standard deviation of the fold means, so a figure comes with how much it moves from one set of users to another.
/// </summary>
public sealed class FoldSpread(int folds)
{
    private readonly double[] _sums = new double[folds];
    private readonly int[] _counts = new int[folds];

    public int Folds => folds;

    public void Add(string userId, double value)
    {
        var fold = FoldOf(userId, folds);
        _sums[fold] += value;
        _counts[fold]++;
    }

    public double Mean => _counts.Sum() == 0 ? 0 : _sums.Sum() / _counts.Sum();

    /// <summary>Sample standard deviation of the fold means (folds without users left out).</summary>
    public double StdDev
    {
        get
        {
            var means = Enumerable.Range(0, folds).Where(f => _counts[f] > 0).Select(f => _sums[f] / _counts[f]).ToList();
            if (means.Count < 2)
            {
                return 0;
            }
            var mean = means.Average();
            return Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (means.Count - 1));
        }
    }

    public static int FoldOf(string userId, int folds)
    {
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)folds);
    }
}
