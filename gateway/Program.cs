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

var builder = RecommenderHost.CreateBuilder(args, new ServiceIdentity("gateway", DefaultGrpcPort: 8081, DefaultHttpPort: 8080));
// YARP logs two Information lines per proxied call ("Proxying to ...", "Received HTTP/2 response ..."),
// which cost the pass-through hop more than the forwarding itself; its warnings and errors still show.
builder.Logging.AddFilter("Yarp", LogLevel.Warning);
var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
gateway.Validate();
builder.Services.AddSingleton(Options.Create(gateway));
builder.Services.AddOptions<ApiKeyOptions>().Bind(builder.Configuration.GetSection(ApiKeyOptions.Section));
builder.Services.AddSingleton<ApiKeyAuthorization>();
builder.Services.AddSingleton<BackendPool>();
builder.Services.AddSingleton<DownstreamCaller>();
builder.Services.AddSingleton<PopularItemsCache>();
builder.Services.AddHostedService(services => services.GetRequiredService<PopularItemsCache>());
builder.Services.AddSingleton<RecommendPipeline>();
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
