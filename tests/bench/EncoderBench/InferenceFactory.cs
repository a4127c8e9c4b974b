using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>What the benchmark drives: the inference and the transformer shape its FLOPs are counted with.</summary>
internal static class InferenceFactory
{
    /// <summary>
    /// The model under test. To benchmark the ONNX model, return its inference object here
    /// (minilm-l6-shape has the <see cref="TransformerShape.MiniLmL6"/> shape, so FLOPs stay right).
    /// </summary>
    public static (IBatchInference Inference, TransformerShape Shape) Create(BenchSettings settings)
    {
        var shape = TransformerShape.MiniLmL6 with { Layers = settings.Layers };
        return (new SyntheticTransformerInference(shape), shape);
    }
}
