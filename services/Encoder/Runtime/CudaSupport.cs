using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Recommender.Encoder.Runtime;

/// <summary>
/// Adds ONNX Runtime's CUDA execution provider to session options. A CUDA-enabled ONNX Runtime build
/// has it built in; the CPU build from the npm package does not, and gets it instead by registering
/// libonnxruntime_providers_cuda.so (from `make setup GPU=1`, shipped next to libonnxruntime.so) as
/// an execution provider library.
/// </summary>
internal static class CudaSupport
{
    /// <summary>The provider library file name.</summary>
    public const string LibraryFileName = "libonnxruntime_providers_cuda.so";

    private const string RegistrationName = "recommender-cuda";
    private static readonly Lock RegistrationLock = new();
    private static bool _registered;

    /// <summary>Appends CUDA on <paramref name="deviceId"/> to <paramref name="options"/>.</summary>
    /// <exception cref="CudaUnavailableException">Neither way works; the message holds both reasons.</exception>
    public static void Append(OrtSessionOptions options, int deviceId)
    {
        string builtInFailure;
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(new Dictionary<string, string> { ["device_id"] = deviceId.ToString() });
            options.AppendExecutionProvider_CUDA(cuda);
            return;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException)
        {
            builtInFailure = e.Message;
        }

        try
        {
            var env = OrtEnv.Instance();
            Register(env);
            var devices = env.GetEpDevices().Where(d => d.EpName == SessionFactory.CudaProvider).ToList();
            if (deviceId >= devices.Count)
            {
                throw new CudaUnavailableException(
                    $"CUDA device {deviceId} requested, {devices.Count} CUDA device(s) found");
            }
            options.AppendExecutionProvider(env, [devices[deviceId]], null);
        }
        catch (Exception e) when (e is OnnxRuntimeException or CudaUnavailableException or DllNotFoundException)
        {
            throw new CudaUnavailableException($"built in: {builtInFailure}; as a provider library: {e.Message}", e);
        }
    }

    private static void Register(OrtEnv env)
    {
        lock (RegistrationLock)
        {
            if (_registered)
            {
                return;
            }
            var library = FindLibrary() ?? throw new CudaUnavailableException(
                $"{LibraryFileName} not found next to libonnxruntime.so; install it with `make setup GPU=1`");
            env.RegisterExecutionProviderLibrary(RegistrationName, library);
            _registered = true;
        }
    }

    private static string? FindLibrary()
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibraryFileName),
            Path.Combine(AppContext.BaseDirectory, LibraryFileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }
}
