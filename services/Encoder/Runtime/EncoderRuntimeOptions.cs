namespace Recommender.Encoder.Runtime;

/// <summary>
/// Where the encoder finds its models and how ONNX Runtime runs them. Bound from the configuration
/// section <see cref="SectionName"/> (for example <c>Encoder__Runtime__Provider=cuda</c>).
/// </summary>
public sealed class EncoderRuntimeOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Encoder:Runtime";

    /// <summary>Folder with one sub-folder per model (model.onnx, vocab.txt, encoder.json). Default "models".</summary>
    public string ModelsRoot { get; set; } = "models";

    /// <summary>Model used when a request names none. Default "all-minilm-l6-v2" (built by `make models`).</summary>
    public string DefaultModel { get; set; } = "all-minilm-l6-v2";

    /// <summary>Execution provider: auto, cpu or cuda. Default auto.</summary>
    public ExecutionProviderKind Provider { get; set; } = ExecutionProviderKind.Auto;

    /// <summary>CUDA device for the cuda provider (and for auto when it picks CUDA). Default 0.</summary>
    public int DeviceId { get; set; }

    /// <summary>Most GPU memory (bytes) the CUDA provider's arena may hold; 0 means no limit. Default 0.</summary>
    public long CudaMemoryLimitBytes { get; set; }

    /// <summary>How the CUDA provider picks cuDNN convolution algorithms. Default heuristic.</summary>
    public CudnnConvAlgoSearch CudnnConvAlgoSearch { get; set; } = CudnnConvAlgoSearch.Heuristic;

    /// <summary>Threads one inference may use; 0 lets ONNX Runtime pick one per physical core. Default 0.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads for running independent graph nodes in parallel; 1 runs nodes in order. Default 1.</summary>
    public int InterOpThreads { get; set; } = 1;

    /// <summary>
    /// Let intra-op threads spin between operations (lower latency, but they keep cores busy while
    /// waiting for work). Turn off when other work shares the cores. Default true (ONNX Runtime's default).
    /// </summary>
    public bool IntraOpSpinning { get; set; } = true;

    /// <summary>Run every model once at load (a single text of its maximum length) so the first request is not slow. Default true.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// Largest set of input and output buffers (bytes) a model keeps for reuse after a run; bigger
    /// batches allocate and release theirs. Default 64 MiB.
    /// </summary>
    public long MaxRetainedBufferBytes { get; set; } = 64L << 20;

    /// <summary>Checks every value and names the first one out of range.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it and its limit.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelsRoot))
        {
            throw new ArgumentException($"{SectionName}:{nameof(ModelsRoot)} must name a folder");
        }
        if (string.IsNullOrWhiteSpace(DefaultModel))
        {
            throw new ArgumentException($"{SectionName}:{nameof(DefaultModel)} must name a model");
        }
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} must be auto, cpu or cuda");
        }
        if (DeviceId < 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(DeviceId)} must be 0 or more, got {DeviceId}");
        }
        if (CudaMemoryLimitBytes < 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(CudaMemoryLimitBytes)} must be 0 (no limit) or more, got {CudaMemoryLimitBytes}");
        }
        if (!Enum.IsDefined(CudnnConvAlgoSearch))
        {
            throw new ArgumentException($"{SectionName}:{nameof(CudnnConvAlgoSearch)} must be heuristic, exhaustive or default");
        }
        if (IntraOpThreads < 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(IntraOpThreads)} must be 0 (automatic) or more, got {IntraOpThreads}");
        }
        if (InterOpThreads < 1)
        {
            throw new ArgumentException($"{SectionName}:{nameof(InterOpThreads)} must be at least 1, got {InterOpThreads}");
        }
        if (MaxRetainedBufferBytes < 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(MaxRetainedBufferBytes)} must be 0 or more, got {MaxRetainedBufferBytes}");
        }
    }
}
