namespace Recommender.Encoder.Runtime;

/// <summary>How the CUDA provider picks cuDNN convolution algorithms (its cudnn_conv_algo_search option).</summary>
public enum CudnnConvAlgoSearch
{
    /// <summary>cuDNN's heuristics: no benchmarking when a new shape arrives (every batch length is a new shape).</summary>
    Heuristic,

    /// <summary>Benchmark every algorithm for each new shape: best kernels, slow first batches.</summary>
    Exhaustive,

    /// <summary>cuDNN's default algorithm.</summary>
    Default,
}
