namespace Recommender.Encoder.Runtime;

/// <summary>Where ONNX Runtime executes the models.</summary>
public enum ExecutionProviderKind
{
    /// <summary>CUDA when its provider library, a GPU and the CUDA libraries load, otherwise CPU; the choice and the reason are logged and shown by ListModels.</summary>
    Auto,

    /// <summary>ONNX Runtime's CPU provider.</summary>
    Cpu,

    /// <summary>The CUDA provider on <see cref="EncoderRuntimeOptions.DeviceId"/>; loading fails when it cannot be used.</summary>
    Cuda,
}
