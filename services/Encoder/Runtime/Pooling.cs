using System.Numerics.Tensors;
using Recommender.Encoder.Models;

namespace Recommender.Encoder.Runtime;

/// <summary>Turns a model's output rows into one vector per text.</summary>
internal static class Pooling
{
    /// <summary>
    /// Pools one text. <paramref name="tokens"/> holds its token vectors row after row (only its real
    /// tokens, padding excluded) or, for <see cref="PoolingMode.None"/>, its one vector.
    /// </summary>
    public static float[] Pool(ReadOnlySpan<float> tokens, int tokenCount, int dimension, PoolingMode mode, bool normalize)
    {
        var vector = new float[dimension];
        switch (mode)
        {
            case PoolingMode.None:
            case PoolingMode.Cls:
                if (tokenCount > 0 || mode == PoolingMode.None)
                {
                    tokens[..dimension].CopyTo(vector);
                }
                break;
            case PoolingMode.Mean:
                for (var t = 0; t < tokenCount; t++)
                {
                    TensorPrimitives.Add(vector, tokens.Slice(t * dimension, dimension), vector);
                }
                if (tokenCount > 1)
                {
                    TensorPrimitives.Multiply(vector, 1f / tokenCount, vector);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pooling mode");
        }
        if (normalize)
        {
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }
        }
        return vector;
    }
}
