using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Recommender.Hosting.Configuration;
using Recommender.Ranking.Model;
using Recommender.Ranking.Service;

namespace Recommender.Ranking;

/// <summary>Registers the ranking service and its options.</summary>
public static class RankingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RankingOptions"/> from the section "Ranking", validates them, and registers
    /// the served weights (loaded on first use), the engine, the metrics and the gRPC service as singletons.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is unknown or invalid (the message names it and its limit).</exception>
    public static IServiceCollection AddRanking(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddValidatedOptions<RankingOptions>(configuration, "ranking", RankingOptions.SectionName, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => RankingModelLoader.Load(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Recommender.Ranking")));
        services.AddSingleton<RankingEngine>();
        services.AddSingleton<RankingMetrics>();
        services.AddSingleton<RankingService>();
        return services;
    }
}
