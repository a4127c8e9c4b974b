namespace Recommender.Encoder.Runtime;

/// <summary>The CUDA execution provider cannot be used here; the message says why.</summary>
public sealed class CudaUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
