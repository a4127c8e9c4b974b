namespace Recommender.InterestModel.Persistence;

/// <summary>The service is still recovering its state (or could not); the RPC layer answers UNAVAILABLE.</summary>
public sealed class ServiceNotReadyException(string message) : Exception(message);
