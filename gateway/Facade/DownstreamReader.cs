using Grpc.Core;
using Recommender.Gateway.Backends;
using Recommender.Pipeline;

namespace Recommender.Gateway.Facade;

/// <summary>The shared pipeline's backend reads, through the gateway's resilient downstream calls.</summary>
public sealed class DownstreamReader(DownstreamCaller downstream) : IBackendReader
{
    public Task<TResponse> ReadAsync<TResponse>(string backend, DateTime deadline, CancellationToken cancellationToken, Func<CallInvoker, CallOptions, Task<TResponse>> call) =>
        downstream.ReadAsync(backend, new CallScope(deadline, cancellationToken), call);
}
