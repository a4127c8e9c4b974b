using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Recommender.Encoder.Runtime;

/// <summary>
/// Creates ONNX Runtime sessions with the configured execution provider, threads and full graph
/// optimisation. With <see cref="ExecutionProviderKind.Auto"/> it tries CUDA and falls back to CPU,
/// logging which one it got and why.
/// </summary>
public sealed class SessionFactory
{
    /// <summary>ONNX Runtime's name of its CPU provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>ONNX Runtime's name of its CUDA provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly EncoderRuntimeOptions _options;
    private readonly ILogger _logger;
    private string? _cudaUnavailable;

    /// <summary>Creates a factory for validated <paramref name="options"/>.</summary>
    public SessionFactory(EncoderRuntimeOptions options, ILogger logger)
    {
        options.Validate();
        _options = options;
        _logger = logger;
    }

    /// <summary>A session for the model at <paramref name="modelPath"/> and the provider it runs on.</summary>
    /// <exception cref="OnnxRuntimeException">The model cannot be loaded.</exception>
    /// <exception cref="CudaUnavailableException">The provider is cuda and CUDA cannot be used.</exception>
    public (InferenceSession Session, string Provider) Create(string modelPath)
    {
        if (_options.Provider != ExecutionProviderKind.Cpu && _cudaUnavailable is null)
        {
            try
            {
                var session = Open(modelPath, cuda: true);
                _logger.LogInformation("Execution provider {Mode}: CUDA on device {Device} for {Model}",
                    _options.Provider, _options.DeviceId, modelPath);
                return (session, CudaProvider);
            }
            catch (Exception e) when (_options.Provider == ExecutionProviderKind.Auto && e is OnnxRuntimeException or CudaUnavailableException)
            {
                _cudaUnavailable = e.Message;
                _logger.LogInformation("Execution provider auto: CUDA is unavailable ({Reason}); using CPU", e.Message);
            }
        }
        else if (_options.Provider == ExecutionProviderKind.Cpu)
        {
            _logger.LogDebug("Execution provider cpu for {Model}", modelPath);
        }
        return (Open(modelPath, cuda: false), CpuProvider);
    }

    private InferenceSession Open(string modelPath, bool cuda)
    {
        using var options = new OrtSessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = _options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = _options.InterOpThreads,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", _options.IntraOpSpinning ? "1" : "0");
        if (cuda)
        {
            CudaSupport.Append(options, _options);
        }
        return new InferenceSession(modelPath, options);
    }
}
