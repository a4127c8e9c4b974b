namespace Recommender.CandidateRetrieval.Persistence;

/// <summary>The catalog is still recovering (or could not); maps to UNAVAILABLE.</summary>
internal sealed class ServiceNotReadyException(string message) : Exception(message);
