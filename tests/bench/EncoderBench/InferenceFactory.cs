using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>What the benchmark drives: the inference and the transformer shape its FLOPs are counted with.</summary>
internal static class InferenceFactory
{
    /// <summary>
    /// The model under test. To benchmark the ONNX model, return its inference object in place of
    /// the synthetic one (minilm-l6-shape has the <see cref="TransformerShape.MiniLmL6"/> shape, so
    /// FLOPs stay right). <c>--inference modelled</c> selects the sleeping cost model instead.
    /// </summary>
    public static (IBatchInference Inference, TransformerShape Shape) Create(BenchSettings settings)
    {
        var shape = TransformerShape.MiniLmL6 with { Layers = settings.Layers };
        return settings.Modelled
            ? (new ModelledCostInference(shape, settings.ModelGflops, settings.ModelHalfEfficiencyRows, settings.ModelOverheadMs), shape)
            : (new SyntheticTransformerInference(shape), shape);
    }
}
