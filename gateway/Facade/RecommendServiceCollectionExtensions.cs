using Microsoft.Extensions.DependencyInjection;
using Recommender.Pipeline;

namespace Recommender.Gateway.Facade;

/// <summary>Registers Recommend: the shared candidate pipeline over the gateway's downstream calls, and the facade's step around it.</summary>
public static class RecommendServiceCollectionExtensions
{
    public static IServiceCollection AddRecommendPipeline(this IServiceCollection services, GatewayOptions gateway)
    {
        var recommend = gateway.Recommend;
        services.AddSingleton(new PipelineOptions
        {
            Interests = recommend.Interests,
            CandidatePool = recommend.CandidatePool,
            MinQuotaPerInterest = recommend.MinQuotaPerInterest,
            CovisitedCandidates = recommend.CovisitedCandidates,
            SeenItems = recommend.SeenItems,
            ShortTermFloor = recommend.ShortTermFloor,
        });
        services.AddSingleton<IBackendReader, DownstreamReader>();
        services.AddSingleton<CandidatePipeline>();
        services.AddSingleton<RecommendPipeline>();
        return services;
    }
}
