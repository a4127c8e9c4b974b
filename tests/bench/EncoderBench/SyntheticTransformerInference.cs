using System.Buffers;
using System.Numerics.Tensors;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>
/// A real BERT-style forward pass with seeded random weights, computed on the calling thread:
/// embeddings, per layer QKV projection, masked multi-head attention over the padded length,
/// output projection, residual + LayerNorm, GELU feed-forward, residual + LayerNorm; then masked
/// mean pooling and L2 normalisation. Its cost per token is that of the shape (MiniLM-L6 by
/// default), and its efficiency grows with the batch like a BLAS-backed runtime's does, so it
/// exercises the batcher the way the ONNX model will. The vectors mean nothing.
/// </summary>
internal sealed class SyntheticTransformerInference : IBatchInference
{
    private const int EmbeddingRows = 8192;
    private const int MaxPositions = 512;

    private readonly TransformerShape _shape;
    private readonly float[] _tokenEmbeddings;
    private readonly float[] _positionEmbeddings;
    private readonly Layer[] _layers;

    public SyntheticTransformerInference(TransformerShape shape, int seed = 42)
    {
        _shape = shape;
        var random = new Random(seed);
        _tokenEmbeddings = RandomMatrix(random, EmbeddingRows, shape.Hidden, scale: 1f);
        _positionEmbeddings = RandomMatrix(random, MaxPositions, shape.Hidden, scale: 0.1f);
        _layers = [.. Enumerable.Range(0, shape.Layers).Select(_ => new Layer(
            RandomMatrix(random, shape.Hidden, 3 * shape.Hidden, Scale(shape.Hidden)),
            RandomMatrix(random, shape.Hidden, shape.Hidden, Scale(shape.Hidden)),
            RandomMatrix(random, shape.Hidden, shape.FeedForward, Scale(shape.Hidden)),
            RandomMatrix(random, shape.FeedForward, shape.Hidden, Scale(shape.FeedForward))))];
    }

    public TransformerShape Shape => _shape;

    public float[][] Run(IReadOnlyList<int[]> sequences)
    {
        var batch = sequences.Count;
        var padded = sequences.Max(s => s.Length);
        if (padded > MaxPositions)
        {
            throw new ArgumentException($"Sequences are limited to {MaxPositions} tokens (got {padded}).", nameof(sequences));
        }

        var hidden = _shape.Hidden;
        var rows = batch * padded;
        var pool = ArrayPool<float>.Shared;
        var x = pool.Rent(rows * hidden);
        var qkv = pool.Rent(rows * 3 * hidden);
        var context = pool.Rent(rows * hidden);
        var projected = pool.Rent(rows * hidden);
        var intermediate = pool.Rent(rows * _shape.FeedForward);
        var scratch = pool.Rent(Math.Max(rows * _shape.FeedForward, padded));
        try
        {
            Embed(sequences, padded, x);
            foreach (var layer in _layers)
            {
                Gemm.Multiply(x, layer.Qkv, qkv, rows, hidden, 3 * hidden);
                Attend(sequences, padded, qkv, context, scratch);
                Gemm.Multiply(context, layer.Output, projected, rows, hidden, hidden);
                AddAndNormalize(x, projected, rows);
                Gemm.Multiply(x, layer.Up, intermediate, rows, hidden, _shape.FeedForward);
                Gelu(intermediate.AsSpan(0, rows * _shape.FeedForward), scratch);
                Gemm.Multiply(intermediate, layer.Down, projected, rows, _shape.FeedForward, hidden);
                AddAndNormalize(x, projected, rows);
            }

            return Pool(sequences, padded, x);
        }
        finally
        {
            foreach (var buffer in new[] { x, qkv, context, projected, intermediate, scratch })
            {
                pool.Return(buffer);
            }
        }
    }

    private void Embed(IReadOnlyList<int[]> sequences, int padded, float[] x)
    {
        var hidden = _shape.Hidden;
        for (var b = 0; b < sequences.Count; b++)
        {
            for (var t = 0; t < padded; t++)
            {
                var id = t < sequences[b].Length ? sequences[b][t] : 0;
                var row = x.AsSpan(((b * padded) + t) * hidden, hidden);
                TensorPrimitives.Add(
                    _tokenEmbeddings.AsSpan((int)((uint)id % EmbeddingRows) * hidden, hidden),
                    _positionEmbeddings.AsSpan(t * hidden, hidden),
                    row);
            }
        }
    }

    /// <summary>Masked scaled dot-product attention per sequence and head, over the padded length.</summary>
    private void Attend(IReadOnlyList<int[]> sequences, int padded, float[] qkv, float[] context, float[] scores)
    {
        var hidden = _shape.Hidden;
        var headSize = _shape.HeadSize;
        var scale = 1f / MathF.Sqrt(headSize);
        Array.Clear(context, 0, sequences.Count * padded * hidden);
        for (var b = 0; b < sequences.Count; b++)
        {
            var length = sequences[b].Length;
            for (var head = 0; head < _shape.Heads; head++)
            {
                for (var i = 0; i < padded; i++)
                {
                    var query = qkv.AsSpan((((b * padded) + i) * 3 * hidden) + (head * headSize), headSize);
                    for (var j = 0; j < padded; j++)
                    {
                        var key = qkv.AsSpan((((b * padded) + j) * 3 * hidden) + hidden + (head * headSize), headSize);
                        scores[j] = j < length ? TensorPrimitives.Dot(query, key) * scale : -1e9f;
                    }

                    TensorPrimitives.SoftMax(scores.AsSpan(0, padded), scores.AsSpan(0, padded));
                    var output = context.AsSpan((((b * padded) + i) * hidden) + (head * headSize), headSize);
                    for (var j = 0; j < padded; j++)
                    {
                        var value = qkv.AsSpan((((b * padded) + j) * 3 * hidden) + (2 * hidden) + (head * headSize), headSize);
                        TensorPrimitives.MultiplyAdd(value, scores[j], output, output);
                    }
                }
            }
        }
    }

    private void AddAndNormalize(float[] x, float[] update, int rows)
    {
        var hidden = _shape.Hidden;
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * hidden, hidden);
            TensorPrimitives.Add(row, update.AsSpan(r * hidden, hidden), row);
            var mean = TensorPrimitives.Sum(row) / hidden;
            TensorPrimitives.Subtract(row, mean, row);
            var deviation = MathF.Sqrt((TensorPrimitives.SumOfSquares(row) / hidden) + 1e-12f);
            TensorPrimitives.Divide(row, deviation, row);
        }
    }

    /// <summary>GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).</summary>
    private static void Gelu(Span<float> values, float[] scratch)
    {
        var inner = scratch.AsSpan(0, values.Length);
        TensorPrimitives.Multiply(values, values, inner);
        TensorPrimitives.Multiply(inner, 0.044715f, inner);
        TensorPrimitives.Add(inner, 1f, inner);
        TensorPrimitives.Multiply(inner, values, inner);
        TensorPrimitives.Multiply(inner, 0.7978846f, inner);
        TensorPrimitives.Tanh(inner, inner);
        TensorPrimitives.Add(inner, 1f, inner);
        TensorPrimitives.Multiply(inner, values, values);
        TensorPrimitives.Multiply(values, 0.5f, values);
    }

    private float[][] Pool(IReadOnlyList<int[]> sequences, int padded, float[] x)
    {
        var hidden = _shape.Hidden;
        var vectors = new float[sequences.Count][];
        for (var b = 0; b < sequences.Count; b++)
        {
            var vector = new float[hidden];
            for (var t = 0; t < sequences[b].Length; t++)
            {
                TensorPrimitives.Add(vector, x.AsSpan(((b * padded) + t) * hidden, hidden), vector);
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector) + 1e-12f, vector);
            vectors[b] = vector;
        }

        return vectors;
    }

    private static float Scale(int fanIn) => MathF.Sqrt(3f / fanIn);

    private static float[] RandomMatrix(Random random, int rows, int columns, float scale)
    {
        var matrix = new float[rows * columns];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = ((random.NextSingle() * 2) - 1) * scale;
        }

        return matrix;
    }

    private sealed record Layer(float[] Qkv, float[] Output, float[] Up, float[] Down);
}
