using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Recommender.Gateway;
using Recommender.Gateway.Auth;
using Recommender.Gateway.Backends;
using Recommender.Gateway.Dashboard;
using Recommender.Gateway.Facade;
using Recommender.Gateway.Rest;
using Recommender.Gateway.Routing;
using Recommender.Hosting;
using Recommender.Rpc.Server;

WebApplicationBuilder builder;
GatewayOptions gateway;
try
{
    builder = RecommenderHost.CreateBuilder(args, new ServiceIdentity("gateway", DefaultGrpcPort: 8081, DefaultHttpPort: 8080));
    gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
    gateway.Validate();
}
catch (Exception error) when (error is InvalidOperationException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"gateway: invalid configuration: {error.Message}");
    return 2;
}
builder.Services.AddSingleton(Options.Create(gateway));
builder.Services.AddOptions<ApiKeyOptions>().Bind(builder.Configuration.GetSection(ApiKeyOptions.Section));
builder.Services.AddSingleton<ApiKeyAuthorization>();
builder.Services.AddSingleton<BackendPool>();
builder.Services.AddSingleton<DownstreamCaller>();
builder.Services.AddSingleton<PopularItemsCache>();
builder.Services.AddHostedService(services => services.GetRequiredService<PopularItemsCache>());
builder.Services.AddRecommendPipeline(gateway);
builder.Services.AddSingleton<RecommenderFacade>();
builder.Services.AddSingleton<ClusterStatus>();
var (routes, clusters) = ProxyRoutes.Build(gateway);
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
var grpc = app.MapRecommenderDefaults();
app.UseMiddleware<ApiKeyAuthorization>();
grpc.MapGrpcService<RecommenderService>();
grpc.MapReverseProxy();
var registry = app.Services.GetRequiredService<GrpcServiceRegistry>();
foreach (var descriptor in ForwardedServices.Descriptors)
{
    registry.AddForwarded(descriptor);
}
var http = app.MapHttpEndpoints();
RestApi.Map(http);
DashboardEndpoints.Map(http);
app.Run();
return 0;
