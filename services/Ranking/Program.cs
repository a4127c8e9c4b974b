using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Hosting;
using Recommender.Ranking.Service;

namespace Recommender.Ranking;

/// <summary>The ranking process: gRPC 50054, HTTP 9104 (health, readiness, metrics).</summary>
public static class Program
{
    public static void Main(string[] args) => CreateApp(args).Run();

    /// <summary>Builds the process; <paramref name="configure"/> lets tests replace services before the build.</summary>
    public static WebApplication CreateApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = RecommenderHost.CreateBuilder(args, new ServiceIdentity("ranking", DefaultGrpcPort: 50054, DefaultHttpPort: 9104));
        builder.Services.AddRanking(builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.Services.GetRequiredService<ServedWeights>(); // load the weights now: an invalid file stops the start
        var grpc = app.MapRecommenderDefaults();
        grpc.MapGrpcService<RankingService>();
        return app;
    }
}
