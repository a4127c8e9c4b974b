using System.Reflection;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Rpc.Protocol;
using Recommender.Rpc.Server;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps gRPC services onto endpoints (in this namespace so web projects see it without a using).</summary>
public static class GrpcEndpointExtensions
{
    /// <summary>
    /// Maps a generated service implementation (a class deriving from a generated <c>*Base</c>). The
    /// instance comes from dependency injection, or is created once with its constructor's services.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints) where TService : class
    {
        var attribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException($"{typeof(TService)} does not derive from a generated gRPC service base (no [BindServiceMethod]).");
        var bindMethod = attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(ServiceBinderBase))
            ?? throw new InvalidOperationException($"{attribute.BindType}.{attribute.BindMethodName}(ServiceBinderBase, ...) was not found.");
        var instance = ActivatorUtilities.GetServiceOrCreateInstance<TService>(endpoints.ServiceProvider);
        var descriptor = attribute.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as Google.Protobuf.Reflection.ServiceDescriptor;
        return Map(endpoints, descriptor, binder => bindMethod.Invoke(null, [binder, instance]));
    }

    /// <summary>Maps a service built with <c>ServerServiceDefinition.CreateBuilder()</c> or a generated <c>BindService(impl)</c>.</summary>
    public static IEndpointConventionBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, ServerServiceDefinition definition, Google.Protobuf.Reflection.ServiceDescriptor? descriptor = null) =>
        Map(endpoints, descriptor, definition.BindService);

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, Google.Protobuf.Reflection.ServiceDescriptor? descriptor, Action<ServiceBinderBase> bind)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        options.Validate();
        var interceptors = options.Interceptors
            .Concat(options.InterceptorTypes.Select(type => (Interceptor)ActivatorUtilities.GetServiceOrCreateInstance(services, type)))
            .ToList();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Recommender.Rpc.Server");
        var binder = new EndpointServiceBinder(endpoints, options, interceptors, logger);
        bind(binder);
        var registry = services.GetRequiredService<GrpcServiceRegistry>();
        foreach (var serviceName in binder.Methods.Select(m => m.ServiceName).Distinct())
        {
            registry.Add(serviceName, descriptor?.FullName == serviceName ? descriptor : null);
        }
        MapUnimplementedFallback(endpoints, registry);
        return new CompositeConventionBuilder(binder.Endpoints);
    }

    /// <summary>Any other POST with a gRPC content type gets UNIMPLEMENTED (once per route builder).</summary>
    private static void MapUnimplementedFallback(IEndpointRouteBuilder endpoints, GrpcServiceRegistry registry)
    {
        if (!FallbackMapped.TryAdd(endpoints, new object()))
        {
            return;
        }
        endpoints.Map("{unknownService}/{unknownMethod}", async http =>
            {
                if (!await ProtocolRejection.TryRejectAsync(http).ConfigureAwait(false))
                {
                    return;
                }
                var service = http.Request.RouteValues["unknownService"] as string ?? "";
                var message = registry.Contains(service) ? $"Method is unimplemented: {http.Request.Path}." : $"Service is unimplemented: {service}.";
                GrpcHttpResponses.WriteTrailersOnly(http, new Status(StatusCode.Unimplemented, message));
            })
            .WithMetadata(new HttpMethodMetadata(["POST"]))
            .WithDisplayName("gRPC unimplemented")
            .Add(builder => ((RouteEndpointBuilder)builder).Order = int.MaxValue);
    }

    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> FallbackMapped = new();

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }
    }
}
