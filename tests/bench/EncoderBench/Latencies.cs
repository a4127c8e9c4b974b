namespace Recommender.Encoder.Bench;

/// <summary>Latency samples in milliseconds, with nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    public double Percentile(double percentile)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToArray();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
