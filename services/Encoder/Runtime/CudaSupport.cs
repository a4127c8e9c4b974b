using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Recommender.Encoder.Runtime;

/// <summary>
/// Adds ONNX Runtime's CUDA execution provider (from Microsoft.ML.OnnxRuntime.Gpu) to session options,
/// after checking what it needs so that a failure names the missing piece: the provider library
/// (shipped only by `make build GPU=1`), the NVIDIA driver, and the CUDA 13 and cuDNN 9 libraries.
/// </summary>
internal static class CudaSupport
{
    /// <summary>The provider library file name.</summary>
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>
    /// Libraries the CUDA provider loads: the driver's libcuda, the CUDA 13 runtime, cuBLAS and cuRAND
    /// (linked), and cuDNN 9 (opened at session creation).
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredLibraries =
        ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    /// <summary>The provider options as ONNX Runtime reads them, from the encoder's runtime settings.</summary>
    public static Dictionary<string, string> ProviderOptions(EncoderRuntimeOptions options)
    {
        var values = new Dictionary<string, string>
        {
            ["device_id"] = options.DeviceId.ToString(CultureInfo.InvariantCulture),
            ["cudnn_conv_algo_search"] = options.CudnnConvAlgoSearch.ToString().ToUpperInvariant(),
            // Inputs are copied to the GPU on the stream that runs the model, so no extra synchronisation.
            ["do_copy_in_default_stream"] = "1",
            // Grow the arena by what a batch asks for, not by powers of two: batch shapes vary a lot.
            ["arena_extend_strategy"] = "kSameAsRequested",
        };
        if (options.CudaMemoryLimitBytes > 0)
        {
            values["gpu_mem_limit"] = options.CudaMemoryLimitBytes.ToString(CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>What is missing for the CUDA provider on this machine; empty when everything loads.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", ProviderLibrary))
            && !File.Exists(Path.Combine(AppContext.BaseDirectory, ProviderLibrary)))
        {
            missing.Add($"{ProviderLibrary} (not in this build: build with `make build GPU=1`, or publish with -p:OnnxRuntimeCuda=true)");
        }
        foreach (var library in RequiredLibraries)
        {
            if (NativeLibrary.TryLoad(library, out var handle))
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                missing.Add(library);
            }
        }
        return missing;
    }

    /// <summary>Appends CUDA with <see cref="ProviderOptions"/> to <paramref name="session"/>.</summary>
    /// <exception cref="CudaUnavailableException">Something it needs is missing, or ONNX Runtime refuses it; the message says what.</exception>
    public static void Append(OrtSessionOptions session, EncoderRuntimeOptions options)
    {
        var missing = Missing();
        if (missing.Count > 0)
        {
            throw new CudaUnavailableException(
                $"missing {string.Join(", ", missing)}; a GPU node needs the NVIDIA driver, the CUDA 13 runtime (cudart, cuBLAS, cuRAND) and cuDNN 9");
        }
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(ProviderOptions(options));
            session.AppendExecutionProvider_CUDA(cuda);
        }
        catch (OnnxRuntimeException e)
        {
            throw new CudaUnavailableException($"ONNX Runtime cannot use CUDA device {options.DeviceId}: {e.Message}", e);
        }
    }
}
