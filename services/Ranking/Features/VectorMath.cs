using System.Numerics.Tensors;
using Google.Protobuf.Collections;

namespace Recommender.Ranking.Features;

/// <summary>Vector helpers on top of TensorPrimitives.</summary>
public static class VectorMath
{
    /// <summary>The vector scaled to length 1, or null when it is empty or all zero.</summary>
    public static float[]? UnitOrNull(RepeatedField<float> vector)
    {
        if (vector.Count == 0)
        {
            return null;
        }
        var copy = new float[vector.Count];
        vector.CopyTo(copy, 0);
        var norm = TensorPrimitives.Norm(copy);
        if (!(norm > 0) || !float.IsFinite(norm))
        {
            return null;
        }
        TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }

    /// <summary>Cosine similarity of two unit vectors of the same length.</summary>
    public static double Cosine(float[] unitA, float[] unitB)
    {
        if (unitA.Length != unitB.Length)
        {
            throw new ArgumentException($"vectors have different dimensions ({unitA.Length} and {unitB.Length})");
        }
        return Math.Clamp(TensorPrimitives.Dot(unitA, unitB), -1f, 1f);
    }
}
