using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Recommender.Hosting.GrpcServer;

namespace Recommender.Gateway;

/// <summary>
/// An error answered in the caller's protocol: a gRPC status for gRPC callers, otherwise the HTTP
/// status of ARCHITECTURE.md's mapping with a JSON body <c>{"code": "...", "message": "..."}</c>.
/// </summary>
public readonly record struct GatewayError(StatusCode Code)
{
    public static readonly GatewayError Unauthenticated = new(StatusCode.Unauthenticated);
    public static readonly GatewayError PermissionDenied = new(StatusCode.PermissionDenied);
    public static readonly GatewayError ResourceExhausted = new(StatusCode.ResourceExhausted);
    public static readonly GatewayError InvalidArgument = new(StatusCode.InvalidArgument);
    public static readonly GatewayError DeadlineExceeded = new(StatusCode.DeadlineExceeded);

    public static bool IsGrpc(HttpContext context) => GrpcResponses.IsGrpcRequest(context);

    public Task WriteAsync(HttpContext context, string message)
    {
        if (IsGrpc(context))
        {
            GrpcResponses.WriteTrailersOnly(context, Code, message);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = HttpStatusOf(Code);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { code = CodeName(Code), message }));
    }

    /// <summary>REST status of a gRPC status code.</summary>
    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Cancelled => 499,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The canonical upper-snake name, e.g. INVALID_ARGUMENT.</summary>
    public static string CodeName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => code.ToString().ToUpperInvariant(),
    };
}
