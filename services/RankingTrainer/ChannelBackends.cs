using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Pipeline;

namespace Recommender.RankingTrainer;

/// <summary>The pipeline's backend reads over one channel per backend, straight to its address (no gateway in between).</summary>
public sealed class ChannelBackends : IBackendReader, IDisposable
{
    private readonly Dictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    /// <param name="addresses">Backend name (<see cref="PipelineBackends"/>) to its gRPC address.</param>
    public ChannelBackends(IReadOnlyDictionary<string, string> addresses)
    {
        foreach (var (backend, address) in addresses)
        {
            _channels[backend] = GrpcChannel.ForAddress(address);
        }
    }

    public CallInvoker Invoker(string backend) =>
        _channels.TryGetValue(backend, out var channel)
            ? channel.CreateCallInvoker()
            : throw new InvalidOperationException($"no address was given for {backend}");

    public Task<TResponse> ReadAsync<TResponse>(string backend, DateTime deadline, CancellationToken cancellationToken, Func<CallInvoker, CallOptions, Task<TResponse>> call) =>
        call(Invoker(backend), new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
