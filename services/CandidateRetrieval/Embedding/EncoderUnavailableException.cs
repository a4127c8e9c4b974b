namespace Recommender.CandidateRetrieval.Embedding;

/// <summary>The encoder could not embed item texts (down, overloaded, too slow). Maps to UNAVAILABLE; nothing was applied.</summary>
public sealed class EncoderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The encoder answered, but not in a way the catalog can use: it refused the configured model, or the model's
/// dimension differs from the catalog's. A configuration problem of the deployment; maps to FAILED_PRECONDITION.
/// </summary>
public sealed class EncoderMismatchException(string message, Exception? inner = null) : Exception(message, inner);
