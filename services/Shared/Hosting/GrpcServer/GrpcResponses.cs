using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Recommender.Hosting.GrpcServer;

/// <summary>gRPC answers written outside Grpc.AspNetCore's handlers (middlewares that refuse a call before it reaches one).</summary>
public static class GrpcResponses
{
    public static bool IsGrpcRequest(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A Trailers-Only response: HTTP 200 with the status and its percent-encoded message in the headers.</summary>
    public static void WriteTrailersOnly(HttpContext context, StatusCode code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
