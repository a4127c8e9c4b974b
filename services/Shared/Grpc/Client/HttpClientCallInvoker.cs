using Grpc.Core;
using Grpc.Net.Client;

namespace Recommender.Rpc.Client;

/// <summary>Starts calls on a <see cref="GrpcChannel"/>.</summary>
internal sealed class HttpClientCallInvoker(GrpcChannel channel) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        return new AsyncUnaryCall<TResponse>(call.UnaryAsync(request), Headers<TRequest, TResponse>, Status<TRequest, TResponse>, Trailers<TRequest, TResponse>, Dispose<TRequest, TResponse>, call);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        call.StartServerStreaming(request);
        return new AsyncServerStreamingCall<TResponse>(new ClientStreamReader<TRequest, TResponse>(call),
            Headers<TRequest, TResponse>, Status<TRequest, TResponse>, Trailers<TRequest, TResponse>, Dispose<TRequest, TResponse>, call);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        var writer = call.StartStreamingRequest();
        return new AsyncClientStreamingCall<TRequest, TResponse>(writer, call.ClientStreamingResponseAsync(),
            Headers<TRequest, TResponse>, Status<TRequest, TResponse>, Trailers<TRequest, TResponse>, Dispose<TRequest, TResponse>, call);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        var writer = call.StartStreamingRequest();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(writer, new ClientStreamReader<TRequest, TResponse>(call),
            Headers<TRequest, TResponse>, Status<TRequest, TResponse>, Trailers<TRequest, TResponse>, Dispose<TRequest, TResponse>, call);
    }

    private static Task<Metadata> Headers<TRequest, TResponse>(object state) where TRequest : class where TResponse : class =>
        ((GrpcCall<TRequest, TResponse>)state).ResponseHeadersAsync;

    private static Status Status<TRequest, TResponse>(object state) where TRequest : class where TResponse : class =>
        ((GrpcCall<TRequest, TResponse>)state).GetStatus();

    private static Metadata Trailers<TRequest, TResponse>(object state) where TRequest : class where TResponse : class =>
        ((GrpcCall<TRequest, TResponse>)state).GetTrailers();

    private static void Dispose<TRequest, TResponse>(object state) where TRequest : class where TResponse : class =>
        ((GrpcCall<TRequest, TResponse>)state).Dispose();
}
