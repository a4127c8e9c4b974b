namespace Recommender.Encoder.Tests.Batching;

/// <summary>Token sequences whose first id tags the request they belong to.</summary>
internal static class Sequences
{
    /// <summary>A sequence of <paramref name="length"/> ids starting with <paramref name="tag"/>.</summary>
    public static int[] Tagged(int tag, int length) =>
        [tag, .. Enumerable.Range(1, length - 1).Select(i => 1000 + i)];

    /// <summary>A request of sequences with the given lengths, all tagged <paramref name="tag"/>.</summary>
    public static int[][] Request(int tag, params int[] lengths) => [.. lengths.Select(length => Tagged(tag, length))];

    /// <summary>The padding fraction of a batch: padded tokens / computed tokens.</summary>
    public static double PaddingRatio(int[][] batch)
    {
        var padded = (double)batch.Length * batch.Max(s => s.Length);
        return (padded - batch.Sum(s => s.Length)) / padded;
    }
}
