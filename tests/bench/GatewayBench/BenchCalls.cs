using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Contracts.V1;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// The calls the benchmark makes, with the project's own gRPC client: Recommend (gRPC and REST) for
/// random seeded users, and one cheap deterministic backend read (CandidateRetrieval.GetItems of a
/// fixed handful of items) through the gateway's YARP route or straight to the backend.
/// </summary>
public sealed class BenchCalls : IDisposable
{
    /// <summary>Items per GetItems: a small, fixed read whose cost does not depend on the catalog.</summary>
    public const int HopItems = 5;

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    private readonly BenchTarget _target;
    private readonly int _k;
    private readonly int _seed;
    private readonly GrpcChannel _gateway;
    private readonly GrpcChannel _direct;
    private readonly HttpClient _http;
    private readonly Metadata _key;
    private readonly GetItemsRequest _hopRequest;
    private GrpcChannel? _nginxGrpc;
    private HttpClient? _nginxHttp;

    public BenchCalls(BenchTarget target, int k, int seed)
    {
        _target = target;
        _k = k;
        _seed = seed;
        _gateway = GrpcChannel.ForAddress(target.GatewayGrpc);
        _direct = GrpcChannel.ForAddress(target.DirectRetrieval);
        _http = NewHttpClient(target.GatewayHttp, target.ApiKey);
        _key = new Metadata { { "x-api-key", target.ApiKey } };
        _hopRequest = new GetItemsRequest { Ids = { target.ItemIds.Take(HopItems) } };
    }

    /// <summary>Recommend over gRPC through the gateway; notes degraded and cold-start answers.</summary>
    public BenchCall RecommendGrpc(int worker)
    {
        var client = new RecommenderClient(_gateway);
        var random = RandomOf(worker);
        return async () =>
        {
            var user = _target.UserIds[random.Next(_target.UserIds.Count)];
            var response = await client.RecommendAsync(new RecommendRequest { UserId = user, K = _k }, _key, DateTime.UtcNow.Add(CallDeadline));
            return response.Degraded ? "degraded" : response.ColdStart ? "cold start" : response.Items.Count == 0 ? "empty" : null;
        };
    }

    /// <summary>Recommend as REST JSON (GET /v1/users/{id}/recommendations) through the gateway's HTTP/1.1 port.</summary>
    public BenchCall RecommendRest(int worker)
    {
        var random = RandomOf(worker);
        return async () =>
        {
            var user = _target.UserIds[random.Next(_target.UserIds.Count)];
            using var response = await _http.GetAsync($"/v1/users/{Uri.EscapeDataString(user)}/recommendations?k={_k}", HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
            }
            var body = await response.Content.ReadAsStringAsync();
            return body.Contains("\"degraded\": true", StringComparison.Ordinal) || body.Contains("\"degraded\":true", StringComparison.Ordinal) ? "degraded" : null;
        };
    }

    /// <summary>CandidateRetrieval.GetItems through the gateway's pass-through route (with the API key check on the way).</summary>
    public BenchCall GetItemsViaGateway(int worker)
    {
        var client = new CandidateRetrieval.CandidateRetrievalClient(_gateway);
        return () => GetItemsAsync(client, _key);
    }

    /// <summary>The same call straight to candidate-retrieval's gRPC port.</summary>
    public BenchCall GetItemsDirect(int worker)
    {
        var client = new CandidateRetrieval.CandidateRetrievalClient(_direct);
        return () => GetItemsAsync(client, null);
    }

    /// <summary>From now on, the nginx calls go through this proxy.</summary>
    public void UseNginx(NginxProxy nginx)
    {
        _nginxGrpc = GrpcChannel.ForAddress(nginx.GrpcAddress);
        _nginxHttp = NewHttpClient(nginx.HttpAddress, _target.ApiKey);
    }

    /// <summary>The same GetItems through nginx's grpc_pass to the same candidate-retrieval (no key check: nginx has none).</summary>
    public BenchCall GetItemsViaNginx(int worker)
    {
        var client = new CandidateRetrieval.CandidateRetrievalClient(_nginxGrpc ?? throw new InvalidOperationException("UseNginx first."));
        return () => GetItemsAsync(client, null);
    }

    /// <summary>GetInterests of a seeded random user over gRPC through the gateway's facade.</summary>
    public BenchCall GetInterestsGrpc(int worker)
    {
        var client = new RecommenderClient(_gateway);
        var random = RandomOf(worker);
        return async () =>
        {
            var user = _target.UserIds[random.Next(_target.UserIds.Count)];
            await client.GetInterestsAsync(new GetInterestsRequest { UserId = user }, _key, DateTime.UtcNow.Add(CallDeadline));
            return null;
        };
    }

    /// <summary>GetInterests as REST (GET /v1/users/{id}/interests) on the gateway's HTTP/1.1 port.</summary>
    public BenchCall GetInterestsRest(int worker) => GetInterestsOver(_http, RandomOf(worker));

    /// <summary>The same REST call through nginx's proxy_pass in front of the gateway's HTTP port.</summary>
    public BenchCall GetInterestsRestViaNginx(int worker) => GetInterestsOver(_nginxHttp ?? throw new InvalidOperationException("UseNginx first."), RandomOf(worker));

    private BenchCall GetInterestsOver(HttpClient http, Random random) => async () =>
    {
        var user = _target.UserIds[random.Next(_target.UserIds.Count)];
        using var response = await http.GetAsync($"/v1/users/{Uri.EscapeDataString(user)}/interests", HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }
        await response.Content.ReadAsStringAsync();
        return null;
    };

    private static HttpClient NewHttpClient(Uri address, string apiKey)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = CallDeadline,
        };
        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return http;
    }

    private async Task<string?> GetItemsAsync(CandidateRetrieval.CandidateRetrievalClient client, Metadata? headers)
    {
        var response = await client.GetItemsAsync(_hopRequest, headers, DateTime.UtcNow.Add(CallDeadline));
        return response.Items.Count == _hopRequest.Ids.Count ? null : "items missing";
    }

    private Random RandomOf(int worker) => new(unchecked(_seed * 1009 + worker));

    public void Dispose()
    {
        _gateway.Dispose();
        _direct.Dispose();
        _http.Dispose();
        _nginxGrpc?.Dispose();
        _nginxHttp?.Dispose();
    }
}
