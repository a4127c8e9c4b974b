using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Dashboard;

/// <summary>Whether each backend replica is serving (gRPC health check) and the state of each backend's circuit breaker.</summary>
public sealed class ClusterStatus(BackendPool pool, DownstreamCaller downstream, IOptions<GatewayOptions> options)
{
    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var backends = await Task.WhenAll(BackendNames.All.Select(async backend => new
        {
            name = backend,
            breaker = downstream.Breakers.TryGetValue(backend, out var state) ? state.ToString() : "Closed",
            replicas = await Task.WhenAll(pool.ReplicasOf(backend).Select(replica => CheckAsync(replica, cancellationToken))),
        }));
        return new { gateway = "serving", backends };
    }

    private async Task<object> CheckAsync(BackendPool.Replica replica, CancellationToken cancellationToken)
    {
        try
        {
            var response = await new Health.HealthClient(replica.Invoker).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddMilliseconds(options.Value.StatusTimeoutMs), cancellationToken: cancellationToken);
            return new { address = replica.Address, status = ProtoName(response.Status) };
        }
        catch (RpcException e)
        {
            return new { address = replica.Address, status = "UNREACHABLE", detail = e.Status.Detail };
        }
    }

    /// <summary>The status as grpc.health.v1 spells it (NOT_SERVING, not the C# enum's NotServing).</summary>
    private static string ProtoName(HealthCheckResponse.Types.ServingStatus status) =>
        HealthCheckResponse.Descriptor.EnumTypes[0].FindValueByNumber((int)status)?.Name ?? status.ToString().ToUpperInvariant();
}
