using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Recommender.Hosting.Telemetry;

/// <summary>
/// One log line per call served (gRPC or HTTP API), carrying the trace id so one request can be
/// followed through every process's log, and the call counter and duration by method and status.
/// Health probes and metric scrapes are left out.
/// </summary>
internal static class CallTelemetry
{
    private static readonly Meter Meter = new(RecommenderTelemetry.Prefix + ".Calls");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("rpc.server.calls", "{call}", "Calls served, by method and status (gRPC status code, or HTTP status for HTTP APIs).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("rpc.server.call.duration", "ms", "Time from request headers to the end of the response.");

    public static IApplicationBuilder UseCallTelemetry(this IApplicationBuilder app, ILogger logger, bool log) => app.Use(next => async context =>
    {
        if (RecommenderTelemetry.IsProbe(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var grpc = GrpcServer.GrpcResponses.IsGrpcRequest(context);
            var method = grpc ? context.Request.Path.Value ?? "" : $"{context.Request.Method} {RouteOf(context)}";
            var status = grpc ? GrpcStatus(context) : context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var methodTag = new KeyValuePair<string, object?>("method", method);
            Calls.Add(1, methodTag, new KeyValuePair<string, object?>("status", status));
            Duration.Record(elapsed, methodTag);
            if (log)
            {
                logger.LogInformation("{Method} {Status} {ElapsedMs:0.0} ms trace {TraceId}", method, status, elapsed, Activity.Current?.TraceId.ToHexString() ?? "-");
            }
        }
    });

    /// <summary>The route template (bounded cardinality), or the path when nothing matched.</summary>
    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";

    private static string GrpcStatus(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue("grpc-status", out var fromTrailers))
        {
            return fromTrailers.ToString();
        }
        return context.Response.Headers.TryGetValue("grpc-status", out var fromHeaders) ? fromHeaders.ToString() : "unknown";
    }
}
