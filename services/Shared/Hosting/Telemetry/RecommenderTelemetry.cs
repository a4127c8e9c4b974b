using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Recommender.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for every process: metrics (ASP.NET Core, HTTP and gRPC clients, the runtime, and
/// the services' own meters, all named <c>Recommender.*</c>) for the Prometheus endpoint; traces with
/// W3C trace context carried across every HTTP and gRPC hop; log scopes that carry the trace id.
/// OTLP export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class RecommenderTelemetry
{
    /// <summary>Prefix of every meter and activity source of ours.</summary>
    public const string Prefix = "Recommender";

    public static void AddRecommenderTelemetry(this WebApplicationBuilder builder, ServiceIdentity identity)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(identity.Name))
            .WithMetrics(metrics => metrics
                .AddMeter(Prefix, Prefix + ".*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing
                .AddSource(Prefix, Prefix + ".*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddGrpcClientInstrumentation(o => o.SuppressDownstreamInstrumentation = true)
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Health probes and scrapes: neither traced nor logged per call.</summary>
    internal static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments("/grpc.health.v1.Health");
}
