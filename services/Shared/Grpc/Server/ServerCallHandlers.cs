using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Server;

/// <summary>Serves one method: checks the request is gRPC, runs the handler, sends the status.</summary>
internal abstract class ServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, GrpcServerOptions options, ILogger logger)
    where TRequest : class
    where TResponse : class
{
    protected Method<TRequest, TResponse> Method { get; } = method;

    public async Task HandleCallAsync(HttpContext http)
    {
        if (!await ProtocolRejection.TryRejectAsync(http).ConfigureAwait(false))
        {
            return;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var call = new HttpServerCallContext(http, Method.FullName, options, logger);
        try
        {
            var invalid = call.Initialize();
            if (invalid is { } status)
            {
                await call.CompleteAsync(status, null, endResponse: false).ConfigureAwait(false);
                return;
            }
            await RunAsync(call).ConfigureAwait(false);
            await call.CompleteAsync(call.Status, call.ResponseTrailers, endResponse: false).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.CompleteWithErrorAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            await call.DisposeAsync().ConfigureAwait(false);
            GrpcServerMetrics.Record(Method.FullName, call.FinalStatusCode, started);
        }
    }

    protected abstract Task RunAsync(HttpServerCallContext call);

    protected Task WriteResponseAsync(HttpServerCallContext call, TResponse? response)
    {
        if (response is null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The handler returned no response message."));
        }
        // A unary response is not flushed: Kestrel sends it with the trailers when the call ends.
        return call.IsCompleted || call.Status.StatusCode != StatusCode.OK
            ? Task.CompletedTask
            : call.WriteMessageAsync(response, Method.ResponseMarshaller.ContextualSerializer, flush: false, CancellationToken.None);
    }
}

internal sealed class UnaryServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class
    where TResponse : class
{
    protected override async Task RunAsync(HttpServerCallContext call)
    {
        var request = await call.ReadSingleMessageAsync(Method.RequestMarshaller.ContextualDeserializer).ConfigureAwait(false);
        var response = await handler(request, call).ConfigureAwait(false);
        await WriteResponseAsync(call, response).ConfigureAwait(false);
    }
}

internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class
    where TResponse : class
{
    protected override async Task RunAsync(HttpServerCallContext call)
    {
        var requests = new HttpServerStreamReader<TRequest>(call, Method.RequestMarshaller.ContextualDeserializer);
        var response = await handler(requests, call).ConfigureAwait(false);
        await WriteResponseAsync(call, response).ConfigureAwait(false);
    }
}

internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class
    where TResponse : class
{
    protected override async Task RunAsync(HttpServerCallContext call)
    {
        var request = await call.ReadSingleMessageAsync(Method.RequestMarshaller.ContextualDeserializer).ConfigureAwait(false);
        await handler(request, new HttpServerStreamWriter<TResponse>(call, Method.ResponseMarshaller.ContextualSerializer), call).ConfigureAwait(false);
    }
}

internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger)
    where TRequest : class
    where TResponse : class
{
    protected override Task RunAsync(HttpServerCallContext call) =>
        handler(new HttpServerStreamReader<TRequest>(call, Method.RequestMarshaller.ContextualDeserializer),
            new HttpServerStreamWriter<TResponse>(call, Method.ResponseMarshaller.ContextualSerializer), call);
}

/// <summary>Answers requests that are not gRPC over HTTP/2 before any handler runs.</summary>
internal static class ProtocolRejection
{
    /// <summary>False when the request was rejected (and answered).</summary>
    public static async ValueTask<bool> TryRejectAsync(HttpContext http)
    {
        if (!HttpProtocol.IsHttp2(http.Request.Protocol) && !HttpProtocol.IsHttp3(http.Request.Protocol))
        {
            await RejectAsync(http, StatusCodes.Status426UpgradeRequired, $"Request protocol '{http.Request.Protocol}' is not supported: gRPC requires HTTP/2.").ConfigureAwait(false);
            return false;
        }
        if (!GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            await RejectAsync(http, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{http.Request.ContentType}' is not supported: gRPC requests use '{GrpcProtocol.ContentType}'.").ConfigureAwait(false);
            return false;
        }
        return true;
    }

    private static Task RejectAsync(HttpContext http, int httpStatus, string message)
    {
        GrpcHttpResponses.WriteTrailersOnly(http, new Status(StatusCode.Internal, message), httpStatus);
        return Task.CompletedTask;
    }
}
