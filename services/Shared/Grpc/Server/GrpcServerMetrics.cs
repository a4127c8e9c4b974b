using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Recommender.Rpc.Server;

/// <summary>Calls served, by method and status, and their duration (meter <c>Recommender.Grpc</c>).</summary>
internal static class GrpcServerMetrics
{
    private static readonly Meter Meter = new("Recommender.Grpc");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("grpc.server.calls", description: "gRPC calls completed by the server, by method and status code.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("grpc.server.call.duration", "ms", "Time from request headers to final status.");

    private static readonly string[] CodeNames = Enum.GetValues<StatusCode>().OrderBy(c => (int)c).Select(c => c.ToString()).ToArray();

    public static void Record(string method, StatusCode code, long startTimestamp)
    {
        var methodTag = new KeyValuePair<string, object?>("grpc.method", method);
        var codeName = (uint)code < CodeNames.Length ? CodeNames[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Calls.Add(1, methodTag, new KeyValuePair<string, object?>("grpc.code", codeName));
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, methodTag);
    }
}
