using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recommender.Hosting.GrpcServer;

/// <summary>
/// Grpc.AspNetCore ignores a malformed <c>grpc-timeout</c> header and runs the call without a
/// deadline, so a client that believes it set one waits forever. A call whose header is not 1 to
/// 8 digits and a unit (H, M, S, m, u, n), as the gRPC HTTP/2 protocol defines it, is refused with
/// INTERNAL naming the header.
/// </summary>
internal static class GrpcTimeoutValidation
{
    public static IApplicationBuilder UseGrpcTimeoutValidation(this IApplicationBuilder app) => app.Use(next => context =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
            && context.Request.Headers.TryGetValue("grpc-timeout", out var timeout) && !IsValid(timeout.ToString()))
        {
            GrpcResponses.WriteTrailersOnly(context, StatusCode.Internal,
                $"The grpc-timeout header '{timeout}' is malformed: 1 to 8 digits and a unit (H, M, S, m, u, n) expected.");
            return Task.CompletedTask;
        }
        return next(context);
    });

    public static bool IsValid(string value) =>
        value.Length is >= 2 and <= 9 && "HMSmun".Contains(value[^1]) && value[..^1].All(char.IsAsciiDigit);
}
