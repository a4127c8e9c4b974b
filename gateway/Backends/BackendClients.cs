using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace Recommender.Gateway.Backends;

/// <summary>
/// One gRPC client per backend through Grpc.Net.ClientFactory: one channel per backend, reused for
/// every call, balancing round-robin over the backend's replicas (<see cref="DestinationsResolverFactory"/>),
/// with the incoming gRPC call's deadline and cancellation propagated. The facade's calls are
/// balanced here; YARP balances only the pass-through routes it forwards.
/// </summary>
public static class BackendClients
{
    public static IServiceCollection AddBackendClients(this IServiceCollection services)
    {
        services.AddSingleton<ResolverFactory, DestinationsResolverFactory>();
        foreach (var backend in BackendNames.All)
        {
            services.AddGrpcClient<BackendInvoker>(backend, o => o.Address = DestinationsResolverFactory.AddressOf(backend))
                .ConfigureChannel(channel =>
                {
                    channel.Credentials = ChannelCredentials.Insecure;
                    channel.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
                    channel.MaxReceiveMessageSize = null;
                })
                .EnableCallContextPropagation(o => o.SuppressContextNotFoundErrors = true)
                .ConfigureGrpcClientCreator(invoker => new BackendInvoker(invoker));
        }
        return services;
    }

    /// <summary>The call invoker of a backend's channel.</summary>
    public static CallInvoker InvokerOf(this GrpcClientFactory factory, string backend) => factory.CreateClient<BackendInvoker>(backend).Invoker;

    /// <summary>The channel's invoker as the client factory builds it (balancing, propagation); generated clients wrap it per call.</summary>
    public sealed record BackendInvoker(CallInvoker Invoker);
}
