using System.Numerics.Tensors;
using Recommender.IndexBench.Datasets;

namespace Recommender.IndexBench;

/// <summary>
/// The baseline a graph index has to beat: unit vectors in one contiguous array, every query scored
/// against all of them with TensorPrimitives.Dot, best k kept in a small sorted buffer. It does not
/// touch the index, so its speed is the fastest plain scan of this data on this machine.
/// </summary>
public sealed class FlatBruteForce
{
    private readonly float[] _unit;
    private readonly int _dimension;
    private readonly int _count;

    public FlatBruteForce(VectorDataset data)
    {
        _dimension = data.Dimension;
        _count = data.Count;
        _unit = new float[data.Base.Length];
        for (int i = 0; i < _count; i++)
        {
            var source = data.Base.AsSpan(i * _dimension, _dimension);
            var target = _unit.AsSpan(i * _dimension, _dimension);
            TensorPrimitives.Divide(source, TensorPrimitives.Norm(source), target);
        }
    }

    /// <summary>Writes the row numbers of the k best matches, best first, into <paramref name="rows"/>.</summary>
    public void Search(ReadOnlySpan<float> query, int k, Span<int> rows, Span<float> scores, Span<float> unitQuery)
    {
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), unitQuery);
        scores[..k].Fill(float.NegativeInfinity);
        rows[..k].Fill(-1);
        for (int i = 0; i < _count; i++)
        {
            float score = TensorPrimitives.Dot(unitQuery, new ReadOnlySpan<float>(_unit, i * _dimension, _dimension));
            if (score <= scores[k - 1])
            {
                continue;
            }
            int position = k - 1;
            while (position > 0 && scores[position - 1] < score)
            {
                scores[position] = scores[position - 1];
                rows[position] = rows[position - 1];
                position--;
            }
            scores[position] = score;
            rows[position] = i;
        }
    }
}
