using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Facade;

/// <summary>
/// The most popular items, refreshed from the interest model in the background, so Recommend can
/// answer users without history, and everyone while the interest model is down.
/// </summary>
public sealed class PopularItemsCache(DownstreamCaller downstream, IOptions<GatewayOptions> options, ILogger<PopularItemsCache> logger) : BackgroundService
{
    private volatile IReadOnlyList<PopularItem> _items = [];

    /// <summary>The last list fetched (empty until the interest model has answered once).</summary>
    public IReadOnlyList<PopularItem> Snapshot() => _items;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Recommend;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.PopularRefreshSeconds));
        do
        {
            try
            {
                var scope = new CallScope(DateTime.UtcNow.AddSeconds(5), stoppingToken);
                var response = await downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) =>
                    new InterestModel.InterestModelClient(invoker).GetPopularItemsAsync(new GetPopularItemsRequest { K = settings.CandidatePool }, call).ResponseAsync);
                _items = response.Items.ToList();
            }
            catch (RpcException e)
            {
                logger.LogDebug("Popular items not refreshed: {Detail}", e.Status.Detail);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
