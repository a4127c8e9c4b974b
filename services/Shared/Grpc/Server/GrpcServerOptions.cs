using System.IO.Compression;
using Grpc.Core.Interceptors;
using Grpc.Net.Compression;

namespace Recommender.Rpc.Server;

/// <summary>Limits and behaviour of the gRPC server (configuration section <c>Grpc</c>).</summary>
public sealed class GrpcServerOptions
{
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest request message accepted, in bytes (after decompression); larger gets RESOURCE_EXHAUSTED. Null: no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest response message sent, in bytes; larger fails the call with RESOURCE_EXHAUSTED. Null: no limit.</summary>
    public int? MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// How long the one request message of a unary or server-streaming call may take to arrive, in
    /// seconds; a request body that stalls longer gets DEADLINE_EXCEEDED. Streaming requests may
    /// pause freely (their deadline, if any, still applies).
    /// </summary>
    public double RequestReadTimeoutSeconds { get; set; } = 30;

    /// <summary>Compress responses with this algorithm (e.g. <c>gzip</c>) when the client accepts it. Null: no compression.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    public CompressionLevel? ResponseCompressionLevel { get; set; }

    /// <summary>Send exception messages to clients in INTERNAL statuses. Off by default: details go to the log only.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Interceptors around every handler; the first is the outermost.</summary>
    public List<Interceptor> Interceptors { get; } = new();

    /// <summary>Interceptor types resolved from dependency injection, after <see cref="Interceptors"/>.</summary>
    public List<Type> InterceptorTypes { get; } = new();

    public CompressionProviders CompressionProviders { get; set; } = CompressionProviders.Default;

    public void Validate()
    {
        if (MaxReceiveMessageSize is <= 0)
        {
            throw new InvalidOperationException($"Grpc:MaxReceiveMessageSize must be positive (was {MaxReceiveMessageSize}).");
        }
        if (MaxSendMessageSize is <= 0)
        {
            throw new InvalidOperationException($"Grpc:MaxSendMessageSize must be positive (was {MaxSendMessageSize}).");
        }
        if (RequestReadTimeoutSeconds is <= 0 or > 86_400)
        {
            throw new InvalidOperationException($"Grpc:RequestReadTimeoutSeconds must be in (0, 86400] (was {RequestReadTimeoutSeconds}).");
        }
        if (ResponseCompressionAlgorithm is not null && !CompressionProviders.TryGet(ResponseCompressionAlgorithm, out _))
        {
            throw new InvalidOperationException($"Grpc:ResponseCompressionAlgorithm '{ResponseCompressionAlgorithm}' is unknown; known: {CompressionProviders.AcceptEncoding}.");
        }
    }
}
