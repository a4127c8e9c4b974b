using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Recommender.Hosting.Health;

/// <summary>
/// The one health check behind gRPC health, <c>/readyz</c> and the load balancers: healthy once every
/// readiness condition holds, unhealthy from the moment shutdown starts.
/// </summary>
public sealed class ReadinessHealthCheck(ServiceReadiness readiness, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("stopping"));
        }
        var conditions = readiness.Conditions.ToDictionary(c => c.Key, c => (object)new { ready = c.Value.Ready, detail = c.Value.Detail });
        var waiting = readiness.Conditions.Where(c => !c.Value.Ready).Select(c => c.Key).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("ready", conditions)
            : HealthCheckResult.Unhealthy($"waiting for {string.Join(", ", waiting)}", data: conditions));
    }
}
