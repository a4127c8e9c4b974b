using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Recommender.Gateway.Routing;

/// <summary>
/// YARP routes: every gRPC call to a backend service passes through by service name on the
/// gateway's gRPC port (<c>/recsys.v1.Encoder/*</c> to the encoder's replicas, and so on),
/// load-balanced over the configured replicas, with active (GET /readyz) and passive health checks.
/// </summary>
public static class ProxyRoutes
{
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(GatewayOptions options)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (backend, service) in BackendNames.GrpcService)
        {
            var destinations = options.Services[backend].Destinations;
            routes.Add(new RouteConfig
            {
                RouteId = backend,
                ClusterId = backend,
                Match = new RouteMatch { Path = $"/{service}/{{**method}}", Methods = ["POST"] },
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = backend,
                LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
                HttpRequest = new ForwarderRequestConfig
                {
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    ActivityTimeout = TimeSpan.FromMinutes(30),
                },
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = TimeSpan.FromSeconds(5),
                        Timeout = TimeSpan.FromSeconds(2),
                        Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                        Path = "/readyz",
                    },
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                        ReactivationPeriod = TimeSpan.FromSeconds(10),
                    },
                },
                Destinations = destinations.Select((d, i) => (Id: $"{backend}-{i}", Config: new DestinationConfig { Address = d.Address }))
                    .ToDictionary(d => d.Id, d => d.Config),
            });
        }
        return (routes, clusters);
    }
}
