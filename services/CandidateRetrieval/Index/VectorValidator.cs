using System.Numerics.Tensors;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>Checks vectors from callers and turns them into the unit vectors the index stores.</summary>
public static class VectorValidator
{
    /// <summary>
    /// Throws <see cref="IndexArgumentException"/> naming <paramref name="field"/> when the vector has the
    /// wrong dimension, a NaN or infinite component, or no direction (all zeros).
    /// </summary>
    public static void EnsureValid(ReadOnlySpan<float> vector, int dimension, string field)
    {
        if (vector.Length != dimension)
        {
            throw new IndexArgumentException(field,
                $"{field} has {vector.Length} components; the index expects exactly {dimension}.", $"{dimension} components");
        }
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new IndexArgumentException($"{field}[{i}]",
                    $"{field}[{i}] is {vector[i]}; vector components must be finite numbers.", "finite");
            }
        }
        if (TensorPrimitives.MaxMagnitude(vector) == 0f)
        {
            throw new IndexArgumentException(field,
                $"{field} is the zero vector, which has no direction for cosine similarity; at least one component must be non-zero.",
                "non-zero norm");
        }
    }

    /// <summary>Validates like <see cref="EnsureValid"/> and writes the L2-normalised vector to <paramref name="destination"/>.</summary>
    public static void NormalizeInto(ReadOnlySpan<float> vector, Span<float> destination, int dimension, string field)
    {
        EnsureValid(vector, dimension, field);
        // Scale by the largest magnitude first so that neither tiny (subnormal) nor huge components
        // under- or overflow when squared for the norm.
        float maxMagnitude = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        TensorPrimitives.Divide(vector, maxMagnitude, destination);
        float norm = TensorPrimitives.Norm(destination);
        TensorPrimitives.Divide(destination, norm, destination);
    }
}
