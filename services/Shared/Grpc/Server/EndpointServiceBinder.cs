using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Recommender.Rpc.Server;

/// <summary>Turns each method a generated <c>BindService</c> adds into a POST endpoint at <c>/package.Service/Method</c>.</summary>
internal sealed class EndpointServiceBinder(IEndpointRouteBuilder endpoints, GrpcServerOptions options, IReadOnlyList<Interceptor> interceptors, ILogger logger) : ServiceBinderBase
{
    private static readonly HttpMethodMetadata PostOnly = new(["POST"]);

    public List<IEndpointConventionBuilder> Endpoints { get; } = new();

    public List<IMethod> Methods { get; } = new();

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var pipeline = RequireHandler(method, handler);
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var next = pipeline;
            pipeline = (request, context) => interceptor.UnaryServerHandler(request, context, next);
        }
        Map(method, new UnaryServerCallHandler<TRequest, TResponse>(method, pipeline, options, logger).HandleCallAsync);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var pipeline = RequireHandler(method, handler);
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var next = pipeline;
            pipeline = (requests, context) => interceptor.ClientStreamingServerHandler(requests, context, next);
        }
        Map(method, new ClientStreamingServerCallHandler<TRequest, TResponse>(method, pipeline, options, logger).HandleCallAsync);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var pipeline = RequireHandler(method, handler);
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var next = pipeline;
            pipeline = (request, responses, context) => interceptor.ServerStreamingServerHandler(request, responses, context, next);
        }
        Map(method, new ServerStreamingServerCallHandler<TRequest, TResponse>(method, pipeline, options, logger).HandleCallAsync);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var pipeline = RequireHandler(method, handler);
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var next = pipeline;
            pipeline = (requests, responses, context) => interceptor.DuplexStreamingServerHandler(requests, responses, context, next);
        }
        Map(method, new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, pipeline, options, logger).HandleCallAsync);
    }

    private static T RequireHandler<T>(IMethod method, T? handler) where T : Delegate =>
        handler ?? throw new InvalidOperationException($"No handler for {method.FullName}: bind the service with an instance.");

    private void Map(IMethod method, RequestDelegate handler)
    {
        var endpoint = endpoints.Map(method.FullName, handler)
            .WithMetadata(PostOnly, new GrpcMethodMetadata(method))
            .WithDisplayName($"gRPC {method.FullName}");
        Endpoints.Add(endpoint);
        Methods.Add(method);
    }
}

/// <summary>Endpoint metadata naming the gRPC method an endpoint serves (for middleware such as auth).</summary>
public sealed class GrpcMethodMetadata(IMethod method)
{
    public IMethod Method { get; } = method;
}
