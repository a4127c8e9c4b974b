using System.Numerics.Tensors;

namespace Recommender.IndexBench.Datasets;

/// <summary>
/// Synthetic embeddings shaped like real text embeddings rather than uniform noise:
/// a two-level topic hierarchy (categories, then clusters inside them, like a category tree),
/// cluster sizes following a power law (a few big topics, a long tail of small ones),
/// a shared mean direction (real embedding sets are anisotropic: unrelated texts still have
/// cosine 0.2-0.4), and within-cluster spread along a decaying spectrum (variance of the k-th
/// principal direction ~ 1/k, so the data has a low effective dimension like PCA spectra of
/// sentence embeddings) with a per-cluster spread factor.
/// </summary>
public sealed class ClusteredSphereSource(int dimension, int seed) : IVectorSource
{
    private const int Categories = 40;
    private const double ClusterSizeExponent = 1.0;

    public string Describe() =>
        $"synthetic clustered embeddings on the unit sphere, dim {dimension}: {Categories} categories, " +
        "power-law cluster sizes, shared mean direction, 1/k spectrum inside clusters (seed " + seed + ")";

    public VectorDataset Load(int count, int queryCount)
    {
        var random = new Random(seed);
        int clusters = Math.Max(8, count / 100);
        var mean = RandomUnit(random);
        var categoryCentres = new float[Categories][];
        for (int c = 0; c < Categories; c++)
        {
            categoryCentres[c] = Mix(random, mean, 0.55f, RandomUnit(random), 1f);
        }
        var centres = new float[clusters][];
        var spread = new float[clusters];
        var weights = new double[clusters];
        for (int c = 0; c < clusters; c++)
        {
            var category = categoryCentres[random.Next(Categories)];
            centres[c] = Mix(random, category, 1f, RandomUnit(random), 0.55f);
            spread[c] = (float)(0.55 + (0.5 * random.NextDouble()));
            weights[c] = 1.0 / Math.Pow(c + 1, ClusterSizeExponent);
        }
        Shuffle(random, weights);
        var cumulative = new double[clusters];
        double total = 0;
        for (int c = 0; c < clusters; c++)
        {
            total += weights[c];
            cumulative[c] = total;
        }

        // One random rotation for the within-cluster spectrum, shared by all clusters.
        var rotation = RandomRotation(random);
        var scales = new float[dimension];
        for (int j = 0; j < dimension; j++)
        {
            scales[j] = (float)Math.Sqrt(1.0 / (j + 1));
        }
        float scaleNorm = TensorPrimitives.Norm(scales);
        TensorPrimitives.Divide(scales, scaleNorm, scales);

        float[] Generate(int rows, Random rng)
        {
            var data = new float[rows * dimension];
            var z = new float[dimension];
            var noise = new float[dimension];
            for (int i = 0; i < rows; i++)
            {
                double pick = rng.NextDouble() * total;
                int c = Array.BinarySearch(cumulative, pick);
                c = c < 0 ? Math.Min(~c, clusters - 1) : c;
                for (int j = 0; j < dimension; j++)
                {
                    z[j] = Gaussian(rng) * scales[j];
                }
                for (int j = 0; j < dimension; j++)
                {
                    noise[j] = TensorPrimitives.Dot(rotation.AsSpan(j * dimension, dimension), z);
                }
                var row = data.AsSpan(i * dimension, dimension);
                TensorPrimitives.MultiplyAdd(noise, spread[c], centres[c], row);
                TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
            }
            return data;
        }

        var baseVectors = Generate(count, new Random(seed + 1));
        var queries = Generate(queryCount, new Random(seed + 2));
        return new VectorDataset($"clustered-sphere-{dimension}d", dimension, baseVectors, queries);
    }

    private float[] RandomUnit(Random random)
    {
        var v = new float[dimension];
        for (int j = 0; j < dimension; j++)
        {
            v[j] = Gaussian(random);
        }
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    private static float[] Mix(Random random, float[] a, float wa, float[] b, float wb)
    {
        _ = random;
        var v = new float[a.Length];
        TensorPrimitives.Multiply(a, wa, v);
        TensorPrimitives.MultiplyAdd(b, wb, v, v);
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    /// <summary>Gram-Schmidt on a Gaussian matrix: a uniformly random orthonormal basis, row-major.</summary>
    private float[] RandomRotation(Random random)
    {
        var m = new float[dimension * dimension];
        for (int r = 0; r < dimension; r++)
        {
            var row = m.AsSpan(r * dimension, dimension);
            for (int j = 0; j < dimension; j++)
            {
                row[j] = Gaussian(random);
            }
            for (int p = 0; p < r; p++)
            {
                var prev = m.AsSpan(p * dimension, dimension);
                TensorPrimitives.MultiplyAdd(prev, -TensorPrimitives.Dot(row, prev), row, row);
            }
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return m;
    }

    private static void Shuffle(Random random, double[] values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
