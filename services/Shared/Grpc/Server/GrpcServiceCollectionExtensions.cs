using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Rpc.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gRPC server.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server's options and registry.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddRouting();
        var options = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<GrpcServiceRegistry>();
        return services;
    }
}
