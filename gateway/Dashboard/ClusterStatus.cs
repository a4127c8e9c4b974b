using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Dashboard;

/// <summary>
/// Whether each backend replica is serving (gRPC health check on its own channel), the state of each
/// backend's circuit breaker, and the ranking weights each ranking replica serves.
/// </summary>
public sealed class ClusterStatus(IOptions<GatewayOptions> options, DownstreamCaller downstream) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _probes = new(StringComparer.Ordinal);

    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var backends = await Task.WhenAll(BackendNames.All.Select(async backend => new
        {
            name = backend,
            breaker = downstream.Breakers.TryGetValue(backend, out var state) ? state.ToString() : "Closed",
            replicas = await Task.WhenAll(AddressesOf(backend).Select(address => CheckAsync(address, cancellationToken))),
        }));
        var rankingWeights = await Task.WhenAll(AddressesOf(BackendNames.Ranking).Select(address => WeightsAsync(address, cancellationToken)));
        return new { gateway = "serving", backends, rankingWeights };
    }

    private IEnumerable<string> AddressesOf(string backend) => options.Value.Services[backend].Destinations.Select(d => d.Address);

    private GrpcChannel ProbeOf(string address) => _probes.GetOrAdd(address, a => GrpcChannel.ForAddress(a));

    private DateTime Deadline => DateTime.UtcNow.AddMilliseconds(options.Value.StatusTimeoutMs);

    private async Task<object> CheckAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            var response = await new Health.HealthClient(ProbeOf(address)).CheckAsync(new HealthCheckRequest(), deadline: Deadline, cancellationToken: cancellationToken);
            return new { address, status = ProtoName(response.Status) };
        }
        catch (RpcException e)
        {
            return new { address, status = "UNREACHABLE", detail = e.Status.Detail };
        }
    }

    /// <summary>The ranking weights a replica serves (version, trained at, examples, held-out metric).</summary>
    private async Task<object> WeightsAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            var weights = await new Contracts.V1.Ranking.RankingClient(ProbeOf(address)).GetWeightsAsync(new GetWeightsRequest(), deadline: Deadline, cancellationToken: cancellationToken);
            return new
            {
                address,
                version = weights.Version,
                objective = weights.Objective,
                builtIn = weights.BuiltIn,
                trainedAt = weights.TrainedAt?.ToDateTimeOffset(),
                trainingLists = weights.TrainingLists,
                trainingCandidates = weights.TrainingCandidates,
                heldOut = weights.HeldOutMetric.Length == 0 ? null : new { metric = weights.HeldOutMetric, value = weights.HeldOutValue, replacedValue = weights.HeldOutReplacedValue, lists = weights.HeldOutLists },
                previousVersion = weights.PreviousVersion,
                loadedAt = weights.LoadedAt?.ToDateTimeOffset(),
            };
        }
        catch (RpcException e)
        {
            return new { address, version = (string?)null, detail = e.Status.Detail };
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
