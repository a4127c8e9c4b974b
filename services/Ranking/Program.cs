using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Hosting;
using Recommender.Ranking.Service;

namespace Recommender.Ranking;

/// <summary>The ranking process: gRPC 50054, HTTP 9104 (health, readiness, metrics).</summary>
public static class Program
{
    public static readonly ServiceIdentity Identity = new("ranking", DefaultGrpcPort: 50054, DefaultHttpPort: 9104);

    public static int Main(string[] args) => RecommenderHost.Run(args, Identity, Add, Map);

    /// <summary>Builds the process as Main runs it; <paramref name="configure"/> lets tests replace services before the build.</summary>
    public static WebApplication CreateApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = RecommenderHost.CreateBuilder(args, Identity);
        Add(builder);
        configure?.Invoke(builder);
        var app = builder.Build();
        Map(app.MapRecommenderDefaults(), app);
        return app;
    }

    private static void Add(WebApplicationBuilder builder) => builder.Services.AddRanking(builder.Configuration);

    private static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder grpc, WebApplication app)
    {
        app.Services.GetRequiredService<ServedWeights>(); // load the weights now: an invalid file stops the start
        grpc.MapGrpcService<RankingService>();
    }
}
