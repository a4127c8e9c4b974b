using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Server;

/// <summary>Answers an HTTP request with a gRPC status and nothing else (Trailers-Only), for middleware that ends a call before any handler runs.</summary>
public static class GrpcHttpResponses
{
    public static void WriteTrailersOnly(HttpContext context, Status status, int httpStatus = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = GrpcProtocol.ContentType;
        context.Response.Headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (status.Detail.Length > 0)
        {
            context.Response.Headers[GrpcProtocol.MessageHeader] = HttpServerCallContext.EncodeStatusMessage(status.Detail);
        }
    }

    /// <summary>True for requests with a gRPC content type.</summary>
    public static bool IsGrpcRequest(HttpContext context) => GrpcProtocol.IsGrpcContentType(context.Request.ContentType);
}
