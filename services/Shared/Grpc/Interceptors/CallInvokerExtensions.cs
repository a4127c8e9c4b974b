using Grpc.Core;

namespace Grpc.Core.Interceptors;

/// <summary>Wraps call invokers and channels in interceptors.</summary>
public static class CallInvokerExtensions
{
    public static CallInvoker Intercept(this CallInvoker invoker, Interceptor interceptor) =>
        new InterceptingCallInvoker(invoker ?? throw new ArgumentNullException(nameof(invoker)), interceptor ?? throw new ArgumentNullException(nameof(interceptor)));

    /// <summary>The first interceptor is the outermost: it sees the call first.</summary>
    public static CallInvoker Intercept(this CallInvoker invoker, params Interceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(interceptors);
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            invoker = invoker.Intercept(interceptors[i]);
        }
        return invoker;
    }

    /// <summary>Rewrites the request headers of every call.</summary>
    public static CallInvoker Intercept(this CallInvoker invoker, Func<Metadata, Metadata> interceptor) =>
        invoker.Intercept(new MetadataInterceptor(interceptor ?? throw new ArgumentNullException(nameof(interceptor))));

    public static CallInvoker Intercept(this ChannelBase channel, Interceptor interceptor) => channel.CreateCallInvoker().Intercept(interceptor);

    public static CallInvoker Intercept(this ChannelBase channel, params Interceptor[] interceptors) => channel.CreateCallInvoker().Intercept(interceptors);

    public static CallInvoker Intercept(this ChannelBase channel, Func<Metadata, Metadata> interceptor) => channel.CreateCallInvoker().Intercept(interceptor);

    private sealed class MetadataInterceptor(Func<Metadata, Metadata> rewrite) : Interceptor
    {
        private ClientInterceptorContext<TRequest, TResponse> Rewrite<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class where TResponse : class =>
            new(context.Method, context.Host, context.Options.WithHeaders(rewrite(context.Options.Headers ?? new Metadata())));

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Rewrite(context));

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Rewrite(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Rewrite(context));

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(Rewrite(context));

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(Rewrite(context));
    }
}
