using System.Diagnostics;
using Recommender.ClusterHarness;
using Recommender.Gateway.Tests.Infrastructure;

namespace Recommender.Gateway.Tests;

/// <summary>OpenTelemetry across the real cluster: one trace id from a REST call into every process's log, and each process's metrics.</summary>
[Collection(SeededClusterCollection.Name)]
public sealed class ObservabilityTests(SeededCluster fixture)
{
    [Fact]
    public async Task A_traceparent_on_a_REST_call_reaches_the_log_of_every_service_the_call_reached()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var user = fixture.Events.GroupBy(e => e.UserId).OrderByDescending(g => g.Count()).First().Key;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{fixture.Cluster.GatewayHttpPort}/v1/users/{user}/recommendations?k=5");
        request.Headers.Add("x-api-key", Cluster.ReadKey);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        // Recommend reads the profile and co-visited items (interest-model), candidates (candidate-retrieval) and the ranking.
        foreach (var service in new[] { "gateway", "interest-model", "candidate-retrieval", "ranking" })
        {
            var stopwatch = Stopwatch.StartNew();
            while (!LogOf(service).Contains(traceId, StringComparison.Ordinal) && stopwatch.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(200);
            }
            Assert.True(LogOf(service).Contains(traceId, StringComparison.Ordinal), $"trace {traceId} is not in {service}'s log");
        }
    }

    [Theory]
    [InlineData("gateway", "gateway_downstream_calls_total")]
    [InlineData("encoder", "encoder_texts_total")]
    [InlineData("interest-model", "rpc_server_calls_total")]
    [InlineData("candidate-retrieval", "rpc_server_calls_total")]
    [InlineData("ranking", "rpc_server_calls_total")]
    public async Task Every_process_exposes_OpenTelemetry_metrics_in_the_Prometheus_format(string service, string ownMetric)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{fixture.Cluster[service].HttpPort}/metrics");
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.Contains("dotnet_gc_collections_total", text);
        Assert.Contains(ownMetric, text);
    }

    private string LogOf(string service)
    {
        using var stream = new FileStream(fixture.Cluster[service].LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
