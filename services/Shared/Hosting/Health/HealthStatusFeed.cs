using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Recommender.Hosting.Health;

/// <summary>
/// Once started, maps every gRPC service the process serves to the readiness check (so <c>Check("recsys.v1.Encoder")</c>
/// answers like <c>Check("")</c>), and pushes each change of readiness, and the start of shutdown, to
/// gRPC health's Watch streams at once rather than at the next periodic health-check publication.
/// </summary>
internal sealed class HealthStatusFeed(
    EndpointDataSource endpoints, HealthServiceImpl health, IOptions<GrpcHealthChecksOptions> options, ServiceReadiness readiness,
    IHostApplicationLifetime lifetime, ServiceIdentity identity, ILogger<HealthStatusFeed> logger) : IHostedService
{
    /// <summary>"" (the whole server), and once started every gRPC service it serves, read once from the endpoints.</summary>
    private string[] _services = [""];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The endpoints exist once the server has started (hosted services start before the pipeline is built).
        lifetime.ApplicationStarted.Register(() =>
        {
            var served = ServedServices().ToList();
            foreach (var service in served)
            {
                options.Value.Services.Map(service, _ => true);
            }
            Volatile.Write(ref _services, ["", .. served]);
            SetAll(Current());
        });
        readiness.Changed += () =>
        {
            var status = Current();
            SetAll(status);
            logger.LogInformation("{Service} health is now {Status}", identity.Name, status);
        };
        lifetime.ApplicationStopping.Register(() => SetAll(HealthCheckResponse.Types.ServingStatus.NotServing));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private HealthCheckResponse.Types.ServingStatus Current() =>
        readiness.IsReady && !lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResponse.Types.ServingStatus.Serving
            : HealthCheckResponse.Types.ServingStatus.NotServing;

    private IEnumerable<string> ServedServices() => endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal);

    private void SetAll(HealthCheckResponse.Types.ServingStatus status)
    {
        foreach (var service in Volatile.Read(ref _services))
        {
            health.SetStatus(service, status);
        }
    }
}
