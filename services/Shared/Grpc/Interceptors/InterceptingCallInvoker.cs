using Grpc.Core;

namespace Grpc.Core.Interceptors;

/// <summary>A call invoker that routes every call through an interceptor.</summary>
internal sealed class InterceptingCallInvoker(CallInvoker invoker, Interceptor interceptor) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        interceptor.BlockingUnaryCall(request, new ClientInterceptorContext<TRequest, TResponse>(method, host, options),
            (req, ctx) => invoker.BlockingUnaryCall(ctx.Method, ctx.Host, ctx.Options, req));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        interceptor.AsyncUnaryCall(request, new ClientInterceptorContext<TRequest, TResponse>(method, host, options),
            (req, ctx) => invoker.AsyncUnaryCall(ctx.Method, ctx.Host, ctx.Options, req));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        interceptor.AsyncServerStreamingCall(request, new ClientInterceptorContext<TRequest, TResponse>(method, host, options),
            (req, ctx) => invoker.AsyncServerStreamingCall(ctx.Method, ctx.Host, ctx.Options, req));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        interceptor.AsyncClientStreamingCall(new ClientInterceptorContext<TRequest, TResponse>(method, host, options),
            ctx => invoker.AsyncClientStreamingCall(ctx.Method, ctx.Host, ctx.Options));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        interceptor.AsyncDuplexStreamingCall(new ClientInterceptorContext<TRequest, TResponse>(method, host, options),
            ctx => invoker.AsyncDuplexStreamingCall(ctx.Method, ctx.Host, ctx.Options));
}
