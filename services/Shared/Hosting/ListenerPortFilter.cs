using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recommender.Hosting;

/// <summary>Endpoint metadata: the endpoint is served only on connections to this local port.</summary>
public sealed record ListenerPortMetadata(int Port);

internal static class ListenerPortFilter
{
    /// <summary>After routing: an endpoint bound to another port is treated as not found.</summary>
    public static IApplicationBuilder UseListenerPortFilter(this IApplicationBuilder app) => app.Use(next => context =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ListenerPortMetadata>() is { } metadata && context.Connection.LocalPort != metadata.Port)
        {
            context.SetEndpoint(null);
        }
        return next(context);
    });
}
