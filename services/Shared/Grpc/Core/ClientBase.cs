using Grpc.Core.Interceptors;

namespace Grpc.Core;

/// <summary>Base class of generated clients.</summary>
public abstract class ClientBase<T> : ClientBase
    where T : ClientBase<T>
{
    /// <summary>For test doubles: every call throws.</summary>
    protected ClientBase()
    {
    }

    protected ClientBase(ClientBaseConfiguration configuration) : base(configuration)
    {
    }

    public ClientBase(ChannelBase channel) : base(channel)
    {
    }

    public ClientBase(CallInvoker callInvoker) : base(callInvoker)
    {
    }

    /// <summary>A client whose calls name this host (the HTTP/2 <c>:authority</c>).</summary>
    public T WithHost(string host) => NewInstance(Configuration.WithHost(host));

    protected abstract T NewInstance(ClientBaseConfiguration configuration);
}

/// <summary>Base class of generated clients.</summary>
public abstract class ClientBase
{
    protected ClientBase() : this(new UnimplementedCallInvoker())
    {
    }

    protected ClientBase(ClientBaseConfiguration configuration)
    {
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        CallInvoker = configuration.CreateDecoratedCallInvoker();
    }

    public ClientBase(ChannelBase channel) : this((channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker())
    {
    }

    public ClientBase(CallInvoker callInvoker) : this(new ClientBaseConfiguration(callInvoker ?? throw new ArgumentNullException(nameof(callInvoker)), null))
    {
    }

    protected CallInvoker CallInvoker { get; }

    internal ClientBaseConfiguration Configuration { get; }

    /// <summary>Opaque configuration of a client (its invoker and host).</summary>
    protected internal sealed class ClientBaseConfiguration
    {
        private readonly CallInvoker _undecoratedCallInvoker;
        private readonly string? _host;

        internal ClientBaseConfiguration(CallInvoker undecoratedCallInvoker, string? host)
        {
            _undecoratedCallInvoker = undecoratedCallInvoker;
            _host = host;
        }

        internal CallInvoker CreateDecoratedCallInvoker() =>
            _host is null ? _undecoratedCallInvoker : _undecoratedCallInvoker.Intercept(new HostInterceptor(_host));

        internal ClientBaseConfiguration WithHost(string host) => new(_undecoratedCallInvoker, host ?? throw new ArgumentNullException(nameof(host)));
    }

    private sealed class HostInterceptor(string host) : Interceptor
    {
        private ClientInterceptorContext<TRequest, TResponse> WithHost<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class where TResponse : class => new(context.Method, host, context.Options);

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithHost(context));

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithHost(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithHost(context));

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithHost(context));

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithHost(context));
    }

    private sealed class UnimplementedCallInvoker : CallInvoker
    {
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotImplementedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotImplementedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotImplementedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotImplementedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotImplementedException();
    }
}
