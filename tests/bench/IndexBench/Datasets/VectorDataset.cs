namespace Recommender.IndexBench.Datasets;

/// <summary>Base vectors to index and held-out query vectors, row-major.</summary>
public sealed record VectorDataset(string Name, int Dimension, float[] Base, float[] Queries)
{
    public int Count => Base.Length / Dimension;

    public int QueryCount => Queries.Length / Dimension;

    public ReadOnlyMemory<float> BaseRow(int i) => Base.AsMemory(i * Dimension, Dimension);

    public ReadOnlySpan<float> Query(int i) => Queries.AsSpan(i * Dimension, Dimension);
}

/// <summary>Where a benchmark's vectors come from (generated, or read from a file).</summary>
public interface IVectorSource
{
    /// <summary>Short description for the report (what the data is and how it was made).</summary>
    string Describe();

    VectorDataset Load(int count, int queryCount);
}
