using System.Net;
using Grpc.Core;

namespace Recommender.Rpc.Protocol;

/// <summary>Names and values of the gRPC-over-HTTP/2 protocol (doc/PROTOCOL-HTTP2.md).</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";

    /// <summary>Set in call metadata (client) or response headers (server) to choose a compression for one call; never sent on the wire.</summary>
    public const string CompressionRequestHeader = "grpc-internal-encoding-request";

    public const int FrameHeaderSize = 5;

    /// <summary>True for <c>application/grpc</c> and <c>application/grpc+proto</c> style values (not grpc-web).</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (contentType.Length == ContentType.Length)
        {
            return true;
        }
        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>The gRPC status for a non-200 HTTP response (doc/http-grpc-status-mapping.md).</summary>
    public static StatusCode StatusFromHttp(HttpStatusCode httpStatus) => httpStatus switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>The gRPC status for an HTTP/2 RST_STREAM error code (doc/PROTOCOL-HTTP2.md, "Errors").</summary>
    public static StatusCode StatusFromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xb => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xc => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };

    /// <summary>Headers that belong to the protocol and never appear in call metadata.</summary>
    public static bool IsReservedHeader(string name) =>
        name.Length == 0
        || name[0] == ':'
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals(TeHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase);
}
