using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Recommender.Gateway.Dashboard;

/// <summary>
/// Reads every backend replica's own <c>/metrics</c> (Prometheus text format) at its configured
/// <see cref="DestinationOptions.MetricsAddress"/>, for the dashboard, which parses and picks the metrics it shows.
/// The gateway passes the text through unparsed so either exporter's naming works unchanged.
/// </summary>
public sealed class ServiceMetricsScraper(IOptions<GatewayOptions> options) : IDisposable
{
    /// <summary>Largest /metrics answer read from a replica.</summary>
    public const int MaxMetricsBytes = 4 << 20;

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromMilliseconds(options.Value.StatusTimeoutMs), MaxResponseContentBufferSize = MaxMetricsBytes };

    public async Task<object> ScrapeAsync(CancellationToken cancellationToken)
    {
        var services = await Task.WhenAll(BackendNames.All.Select(async name => new
        {
            name,
            replicas = await Task.WhenAll(options.Value.Services[name].Destinations.Select(d => ScrapeAsync(d, cancellationToken))),
        }));
        return new { scrapedAt = DateTimeOffset.UtcNow, services };
    }

    private async Task<object> ScrapeAsync(DestinationOptions destination, CancellationToken cancellationToken)
    {
        if (destination.MetricsAddress.Length == 0)
        {
            return new { address = destination.Address, metricsAddress = "", error = "no MetricsAddress is configured for this replica" };
        }
        var url = new Uri(new Uri(destination.MetricsAddress), "/metrics");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new { address = destination.Address, metricsAddress = destination.MetricsAddress, error = $"{url} answered {(int)response.StatusCode}" };
            }
            return new { address = destination.Address, metricsAddress = destination.MetricsAddress, text = await response.Content.ReadAsStringAsync(cancellationToken) };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new { address = destination.Address, metricsAddress = destination.MetricsAddress, error = $"{url} could not be read: {e.Message}" };
        }
    }

    public void Dispose() => http.Dispose();
}
