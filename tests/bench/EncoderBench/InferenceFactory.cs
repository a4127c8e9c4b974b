using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Bench;

/// <summary>Loads the model under test with a given threading layout, the way the encoder service does.</summary>
internal static class InferenceFactory
{
    /// <summary>
    /// The ONNX model <paramref name="name"/> under <paramref name="modelsRoot"/> on the CPU provider,
    /// with <see cref="Threading.IntraOp"/> intra-op threads and the given spinning, warmed up.
    /// </summary>
    public static EncoderModel LoadOnnx(string modelsRoot, string name, Threading threading)
    {
        var options = RuntimeOptions(modelsRoot, name, threading);
        var loader = new ModelLoader(options, new SessionFactory(options, NullLogger.Instance), NullLogger.Instance);
        return loader.Load(Path.Combine(modelsRoot, name));
    }

    /// <summary>The encoder's runtime options for <paramref name="threading"/> on the CPU provider.</summary>
    public static EncoderRuntimeOptions RuntimeOptions(string modelsRoot, string name, Threading threading) => new()
    {
        ModelsRoot = modelsRoot,
        DefaultModel = name,
        Provider = ExecutionProviderKind.Cpu,
        IntraOpThreads = threading.IntraOp,
        IntraOpSpinning = threading.Spinning,
    };

    /// <summary>The sleeping cost model (<c>--inference modelled</c>): the scheduler alone, no compute.</summary>
    public static IBatchInference Modelled(BenchSettings settings, TransformerShape shape) =>
        new ModelledCostInference(shape, settings.ModelGflops, settings.ModelHalfEfficiencyRows, settings.ModelOverheadMs);
}
