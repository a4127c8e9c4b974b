using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Recommender.Gateway.Routing;

/// <summary>
/// The backend services routed through the gateway, described by its reflection service (v1 and
/// v1alpha) beside the services it serves itself, so grpcurl and ghz work against the gateway alone.
/// </summary>
public static class ForwardedServices
{
    public static readonly IReadOnlyList<ServiceDescriptor> Descriptors =
    [
        Encoder.Descriptor, InterestModel.Descriptor, CandidateRetrieval.Descriptor, Contracts.V1.Ranking.Descriptor,
    ];

    /// <summary>Registers the reflection services before <c>AddGrpcReflection</c> would, with the forwarded services added.</summary>
    public static IServiceCollection AddReflectionOfForwardedServices(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ReflectionServiceImpl(Described(sp)));
        services.AddSingleton(sp => new ReflectionV1ServiceImpl(Described(sp)));
        return services;
    }

    private static List<ServiceDescriptor> Described(IServiceProvider services)
    {
        var served = services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType)
            .OfType<Type>()
            .Distinct()
            .Select(DescriptorOf)
            .OfType<ServiceDescriptor>();
        return served.Concat(Descriptors).DistinctBy(d => d.FullName).ToList();
    }

    /// <summary>The descriptor of a generated service implementation (its base's containing class has a static Descriptor).</summary>
    private static ServiceDescriptor? DescriptorOf(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.DeclaringType?.GetProperty("Descriptor")?.GetValue(null) is ServiceDescriptor descriptor)
            {
                return descriptor;
            }
        }
        return null;
    }
}
