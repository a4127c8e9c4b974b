namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// The index cannot take the batch because it would exceed <see cref="HnswOptions.MaxItems"/>.
/// Nothing from the batch was applied. The RPC layer maps it to <c>RESOURCE_EXHAUSTED</c>.
/// </summary>
public sealed class IndexCapacityException(string message) : InvalidOperationException(message);
