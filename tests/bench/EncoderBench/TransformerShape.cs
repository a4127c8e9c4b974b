namespace Recommender.Encoder.Bench;

/// <summary>Shape of a BERT-family encoder; <see cref="MiniLmL6"/> is all-MiniLM-L6-v2 (and arctic-embed-xs).</summary>
internal sealed record TransformerShape(int Layers, int Hidden, int Heads, int FeedForward)
{
    public static TransformerShape MiniLmL6 { get; } = new(Layers: 6, Hidden: 384, Heads: 12, FeedForward: 1536);

    public int HeadSize => Hidden / Heads;

    /// <summary>
    /// Floating-point operations of one forward pass over a batch padded to <paramref name="paddedLength"/>:
    /// the four projections (QKV, output, two feed-forward) and the two attention products.
    /// </summary>
    public double Flops(int batchSize, int paddedLength)
    {
        double rows = (double)batchSize * paddedLength;
        var projections = 2 * rows * ((3.0 * Hidden * Hidden) + ((double)Hidden * Hidden) + (2.0 * Hidden * FeedForward));
        var attention = 2 * 2 * (double)batchSize * paddedLength * paddedLength * Hidden;
        return Layers * (projections + attention);
    }
}
