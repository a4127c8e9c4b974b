using Grpc.Core;

namespace Recommender.Pipeline;

/// <summary>
/// How the pipeline reaches a backend: the gateway passes its resilient downstream caller (retries,
/// breaker, per-attempt deadlines), the trainer a plain channel per backend. <paramref name="call"/>
/// gets the invoker of one replica and the options (deadline, cancellation) of one attempt.
/// </summary>
public interface IBackendReader
{
    Task<TResponse> ReadAsync<TResponse>(string backend, DateTime deadline, CancellationToken cancellationToken, Func<CallInvoker, CallOptions, Task<TResponse>> call);
}

/// <summary>The backends the pipeline reads from, by the names the gateway's configuration uses.</summary>
public static class PipelineBackends
{
    public const string InterestModel = "interest-model";
    public const string CandidateRetrieval = "candidate-retrieval";
    public const string Ranking = "ranking";
}
