using System.Numerics.Tensors;
using Recommender.CandidateRetrieval.Index;

namespace Recommender.CandidateRetrieval.Tests;

/// <summary>Deterministic test data: clustered unit vectors (uneven cluster sizes, Gaussian spread) and helpers.</summary>
internal static class TestVectors
{
    /// <summary>Points around <paramref name="clusters"/> centres drawn from <paramref name="seed"/>; the points
    /// themselves come from <paramref name="pointSeed"/>, so queries can share the data's centres.</summary>
    public static float[][] Clustered(int count, int dimension, int clusters, int seed, int? pointSeed = null, float spread = 0.35f)
    {
        var centreRandom = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => RandomUnit(centreRandom, dimension)).ToArray();
        var random = new Random(pointSeed ?? seed + 1_000_000);
        var rows = new float[count][];
        for (int i = 0; i < count; i++)
        {
            // Squaring a uniform number skews picks towards low cluster numbers: uneven cluster sizes.
            double u = random.NextDouble();
            var centre = centres[(int)(u * u * clusters)];
            var row = new float[dimension];
            for (int j = 0; j < dimension; j++)
            {
                row[j] = centre[j] + (spread * Gaussian(random) / MathF.Sqrt(dimension));
            }
            rows[i] = row;
        }
        return rows;
    }

    public static float[] RandomUnit(Random random, int dimension)
    {
        var v = new float[dimension];
        for (int j = 0; j < dimension; j++)
        {
            v[j] = Gaussian(random);
        }
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    public static float[] Normalized(ReadOnlySpan<float> v)
    {
        var copy = v.ToArray();
        TensorPrimitives.Divide(copy, TensorPrimitives.Norm(copy), copy);
        return copy;
    }

    public static void AssertClose(float[] expected, float[]? actual, float tolerance = 1e-6f)
    {
        Xunit.Assert.NotNull(actual);
        Xunit.Assert.Equal(expected.Length, actual.Length);
        Xunit.Assert.True(TensorPrimitives.Distance(expected, actual) <= tolerance, "vectors differ");
    }

    public static List<IndexItem> Items(float[][] vectors, string prefix = "item-") =>
        vectors.Select((v, i) => new IndexItem($"{prefix}{i}", v)).ToList();

    public static HnswIndex Build(float[][] vectors, HnswOptions options, string prefix = "item-")
    {
        var index = new HnswIndex(options);
        var items = Items(vectors, prefix);
        for (int start = 0; start < items.Count; start += options.MaxBatchSize)
        {
            index.Upsert(items.GetRange(start, Math.Min(options.MaxBatchSize, items.Count - start)));
        }
        return index;
    }

    /// <summary>Mean fraction of the exact top-k that the graph search returns.</summary>
    public static double Recall(HnswIndex index, float[][] queries, int k, int? ef = null)
    {
        double total = 0;
        foreach (var query in queries)
        {
            var exact = index.Search(query, k, new SearchParameters(Exact: true)).Select(h => h.Id).ToHashSet();
            var approximate = index.Search(query, k, new SearchParameters(EfSearch: ef));
            total += approximate.Count(h => exact.Contains(h.Id)) / (double)k;
        }
        return total / queries.Length;
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
