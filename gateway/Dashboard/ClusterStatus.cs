using Grpc.Core;
using Grpc.Health.V1;
using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Dashboard;

/// <summary>Whether each backend replica is serving (gRPC health check) and the state of each backend's circuit breaker.</summary>
public sealed class ClusterStatus(BackendPool pool, DownstreamCaller downstream)
{
    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var backends = await Task.WhenAll(BackendNames.All.Select(async backend => new
        {
            name = backend,
            breaker = downstream.Breakers.TryGetValue(backend, out var state) ? state.ToString() : "Closed",
            replicas = await Task.WhenAll(pool.ReplicasOf(backend).Select(replica => CheckAsync(replica, cancellationToken))),
        }));
        var rankingWeights = await Task.WhenAll(pool.ReplicasOf(BackendNames.Ranking).Select(replica => WeightsAsync(replica, cancellationToken)));
        return new { gateway = "serving", backends, rankingWeights };
    }

    /// <summary>The ranking weights a replica serves (version, trained at, examples, held-out metric).</summary>
    private static async Task<object> WeightsAsync(BackendPool.Replica replica, CancellationToken cancellationToken)
    {
        try
        {
            var weights = await new Contracts.V1.Ranking.RankingClient(replica.Invoker).GetWeightsAsync(new GetWeightsRequest(),
                deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: cancellationToken);
            return new
            {
                address = replica.Address,
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
            return new { address = replica.Address, version = (string?)null, detail = e.Status.Detail };
        }
    }

    private static async Task<object> CheckAsync(BackendPool.Replica replica, CancellationToken cancellationToken)
    {
        try
        {
            var response = await new Health.HealthClient(replica.Invoker).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: cancellationToken);
            return new { address = replica.Address, status = response.Status.ToString().ToUpperInvariant() };
        }
        catch (RpcException e)
        {
            return new { address = replica.Address, status = "UNREACHABLE", detail = e.Status.Detail };
        }
    }
}
