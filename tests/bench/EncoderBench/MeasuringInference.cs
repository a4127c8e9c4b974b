using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Counts what the batcher really sent to the inference: batches, sequences, real and padded tokens,
/// and the useful FLOPs (each text's own forward pass from its token count, padding not counted).
/// </summary>
internal sealed class MeasuringInference(IBatchInference inner, TransformerShape shape) : IBatchInference
{
    private long _batches;
    private long _sequences;
    private long _realTokens;
    private long _paddedTokens;
    private double _megaFlops;
    private readonly Lock _flopsLock = new();

    public float[][] Run(IReadOnlyList<int[]> sequences)
    {
        var padded = sequences.Max(s => s.Length);
        var vectors = inner.Run(sequences);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _sequences, sequences.Count);
        Interlocked.Add(ref _realTokens, sequences.Sum(s => (long)s.Length));
        Interlocked.Add(ref _paddedTokens, (long)padded * sequences.Count);
        var megaFlops = sequences.Sum(s => shape.Flops(1, s.Length)) / 1e6;
        lock (_flopsLock)
        {
            _megaFlops += megaFlops;
        }

        return vectors;
    }

    public Counts Snapshot()
    {
        lock (_flopsLock)
        {
            return new(Interlocked.Read(ref _batches), Interlocked.Read(ref _sequences),
                Interlocked.Read(ref _realTokens), Interlocked.Read(ref _paddedTokens), _megaFlops);
        }
    }

    /// <summary>Totals at one moment; subtract two to get an interval.</summary>
    public readonly record struct Counts(long Batches, long Sequences, long RealTokens, long PaddedTokens, double MegaFlops)
    {
        public static Counts operator -(Counts a, Counts b) => new(a.Batches - b.Batches, a.Sequences - b.Sequences,
            a.RealTokens - b.RealTokens, a.PaddedTokens - b.PaddedTokens, a.MegaFlops - b.MegaFlops);

        public double MeanBatchSize => Batches == 0 ? 0 : (double)Sequences / Batches;

        public double PaddingRatio => PaddedTokens == 0 ? 0 : (double)(PaddedTokens - RealTokens) / PaddedTokens;
    }
}
