using Grpc.Net.Compression;
using Microsoft.Extensions.Logging;

namespace Grpc.Net.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, in bytes; larger fails the call with RESOURCE_EXHAUSTED. Null: no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent, in bytes; larger fails the call with RESOURCE_EXHAUSTED. Null: no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>The handler calls go through; by default a <see cref="SocketsHttpHandler"/> that opens more HTTP/2 connections when one is full.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Dispose <see cref="HttpHandler"/> with the channel.</summary>
    public bool DisposeHttpHandler { get; set; } = true;

    public CompressionProviders CompressionProviders { get; set; } = CompressionProviders.Default;

    /// <summary>Throw <see cref="OperationCanceledException"/> instead of RpcException(CANCELLED/DEADLINE_EXCEEDED) on cancellation.</summary>
    public bool ThrowOperationCanceledOnCancellation { get; set; }

    public ILoggerFactory? LoggerFactory { get; set; }
}
