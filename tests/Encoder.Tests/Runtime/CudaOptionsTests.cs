using Microsoft.ML.OnnxRuntime;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Tests.Runtime;

/// <summary>The CUDA settings become the provider options ONNX Runtime's session builder gets (checked without a GPU).</summary>
public sealed class CudaOptionsTests
{
    private static readonly EncoderRuntimeOptions Settings = new()
    {
        DeviceId = 1,
        CudaMemoryLimitBytes = 2L << 30,
        CudnnConvAlgoSearch = CudnnConvAlgoSearch.Exhaustive,
    };

    [Fact]
    public void SettingsBecomeTheProviderOptions()
    {
        var options = CudaSupport.ProviderOptions(Settings);

        Assert.Equal("1", options["device_id"]);
        Assert.Equal("2147483648", options["gpu_mem_limit"]);
        Assert.Equal("EXHAUSTIVE", options["cudnn_conv_algo_search"]);
        Assert.Equal("kSameAsRequested", options["arena_extend_strategy"]);
        Assert.DoesNotContain("gpu_mem_limit", CudaSupport.ProviderOptions(new EncoderRuntimeOptions()).Keys);
        Assert.Equal("HEURISTIC", CudaSupport.ProviderOptions(new EncoderRuntimeOptions())["cudnn_conv_algo_search"]);
    }

    [Fact]
    public void InvalidCudaSettingsNameTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new EncoderRuntimeOptions { CudaMemoryLimitBytes = -1 }.Validate());

        Assert.Contains("Encoder:Runtime:CudaMemoryLimitBytes must be 0 (no limit) or more, got -1", error.Message);
    }
}
