using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Recommender.Gateway.Auth;
using Recommender.Gateway.Backends;
using Recommender.Gateway.Dashboard;
using Recommender.Gateway.Facade;
using Recommender.Gateway.Rest;
using Recommender.Gateway.Routing;
using Recommender.Hosting;
using Recommender.Hosting.Configuration;

namespace Recommender.Gateway;

/// <summary>What Program.cs calls: the gateway's services (auth, backend clients, facade, YARP routes) and its endpoints.</summary>
public static class GatewayHosting
{
    /// <summary>Name and default ports (ARCHITECTURE.md): gRPC 8081, HTTP 8080.</summary>
    public static readonly ServiceIdentity Identity = new("gateway", DefaultGrpcPort: 8081, DefaultHttpPort: 8080);

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var gateway = services.AddValidatedOptions<GatewayOptions>(builder.Configuration, Identity.Name, GatewayOptions.Section, o => o.Validate());
        services.AddSingleton(Options.Create(gateway.Auth));
        services.AddSingleton<ApiKeyAuthorization>();
        services.AddBackendClients();
        services.AddSingleton<DownstreamCaller>();
        services.AddSingleton<PopularItemsCache>();
        services.AddHostedService(sp => sp.GetRequiredService<PopularItemsCache>());
        services.AddRecommendPipeline(gateway);
        services.AddSingleton<RecommenderFacade>();
        services.AddSingleton<ClusterStatus>();
        services.AddReflectionOfForwardedServices();
        var (routes, clusters) = ProxyRoutes.Build(gateway);
        services.AddReverseProxy().LoadFromMemory(routes, clusters);
        return builder;
    }

    public static void MapGateway(this WebApplication app, IEndpointRouteBuilder grpc)
    {
        app.UseMiddleware<ApiKeyAuthorization>();
        grpc.MapGrpcService<RecommenderService>();
        grpc.MapReverseProxy();
        var http = app.MapHttpEndpoints();
        RestApi.Map(http);
        DashboardEndpoints.Map(http);
    }
}
