using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Contracts.V1;

namespace Recommender.RankingTrainer;

/// <summary>
/// Every ranking replica: each configured address's host is resolved (a Kubernetes headless service has one
/// address per pod) and each address is one replica. Weights go to all of them or to none: when a load fails,
/// the replicas that took the new weights are rolled back.
/// </summary>
public sealed class RankingReplicas(IReadOnlyList<string> addresses, TimeSpan callTimeout)
{
    public async Task<IReadOnlyList<string>> ResolveAsync(CancellationToken cancellationToken)
    {
        var replicas = new List<string>();
        foreach (var address in addresses)
        {
            var uri = new Uri(address);
            if (IPAddress.TryParse(uri.Host, out _) || uri.IsLoopback)
            {
                replicas.Add(uri.GetLeftPart(UriPartial.Authority));
                continue;
            }
            var ips = await Dns.GetHostAddressesAsync(uri.Host, cancellationToken).ConfigureAwait(false);
            replicas.AddRange(ips.Select(ip => $"{uri.Scheme}://{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString())}:{uri.Port}"));
        }
        return replicas.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The weights each replica serves.</summary>
    public async Task<IReadOnlyList<(string Replica, WeightsInfo Weights)>> ServedAsync(IReadOnlyList<string> replicas, CancellationToken cancellationToken) =>
        await Task.WhenAll(replicas.Select(async replica =>
        {
            using var channel = GrpcChannel.ForAddress(replica);
            var weights = await new Contracts.V1.Ranking.RankingClient(channel).GetWeightsAsync(new GetWeightsRequest(),
                deadline: DateTime.UtcNow + callTimeout, cancellationToken: cancellationToken);
            return (replica, weights);
        })).ConfigureAwait(false);

    /// <summary>Loads <paramref name="weightsJson"/> on every replica, or rolls back the ones that took it and throws.</summary>
    /// <exception cref="RpcException">A replica refused or could not be reached; the message names it.</exception>
    public async Task PublishAsync(IReadOnlyList<string> replicas, string weightsJson, CancellationToken cancellationToken)
    {
        var loaded = new List<string>();
        foreach (var replica in replicas)
        {
            using var channel = GrpcChannel.ForAddress(replica);
            try
            {
                await new Contracts.V1.Ranking.RankingClient(channel).LoadWeightsAsync(new LoadWeightsRequest { WeightsJson = weightsJson },
                    deadline: DateTime.UtcNow + callTimeout, cancellationToken: cancellationToken);
                loaded.Add(replica);
            }
            catch (RpcException e)
            {
                foreach (var done in loaded)
                {
                    using var rollbackChannel = GrpcChannel.ForAddress(done);
                    await new Contracts.V1.Ranking.RankingClient(rollbackChannel).RollbackWeightsAsync(new RollbackWeightsRequest(),
                        deadline: DateTime.UtcNow + callTimeout, cancellationToken: CancellationToken.None);
                }
                throw new RpcException(new Status(e.StatusCode, $"ranking replica {replica} did not take the weights ({e.Status.Detail}); the {loaded.Count} replicas that had were rolled back"));
            }
        }
    }
}
