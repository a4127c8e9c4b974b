using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Dashboard;

/// <summary>Whether each backend replica is serving (gRPC health check on its own channel) and the state of each backend's circuit breaker.</summary>
public sealed class ClusterStatus(IOptions<GatewayOptions> options, DownstreamCaller downstream) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _probes = new(StringComparer.Ordinal);

    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var backends = await Task.WhenAll(BackendNames.All.Select(async backend => new
        {
            name = backend,
            breaker = downstream.Breakers.TryGetValue(backend, out var state) ? state.ToString() : "Closed",
            replicas = await Task.WhenAll(options.Value.Services[backend].Destinations.Select(d => CheckAsync(d.Address, cancellationToken))),
        }));
        return new { gateway = "serving", backends };
    }

    private async Task<object> CheckAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            var channel = _probes.GetOrAdd(address, a => GrpcChannel.ForAddress(a));
            var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddMilliseconds(options.Value.StatusTimeoutMs), cancellationToken: cancellationToken);
            return new { address, status = ProtoName(response.Status) };
        }
        catch (RpcException e)
        {
            return new { address, status = "UNREACHABLE", detail = e.Status.Detail };
        }
    }

    /// <summary>The status as grpc.health.v1 spells it (NOT_SERVING, not the C# enum's NotServing).</summary>
    private static string ProtoName(HealthCheckResponse.Types.ServingStatus status) =>
        HealthCheckResponse.Descriptor.EnumTypes[0].FindValueByNumber((int)status)?.Name ?? status.ToString().ToUpperInvariant();

    public void Dispose()
    {
        foreach (var channel in _probes.Values)
        {
            channel.Dispose();
        }
    }
}
