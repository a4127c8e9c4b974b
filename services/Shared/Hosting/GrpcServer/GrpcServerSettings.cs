using System.IO.Compression;
using Grpc.AspNetCore.Server;

namespace Recommender.Hosting.GrpcServer;

/// <summary>Limits and behaviour of the gRPC server (configuration section <c>Grpc</c>), applied to Grpc.AspNetCore's options.</summary>
public sealed class GrpcServerSettings
{
    public const string Section = "Grpc";

    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    private static readonly string[] CompressionAlgorithms = ["gzip", "deflate"];

    /// <summary>Largest request message accepted, in bytes (after decompression); larger gets RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest response message sent, in bytes; larger fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// How long the one request message of a unary or server-streaming call may take to arrive, in
    /// seconds; a request body that stalls longer gets DEADLINE_EXCEEDED. Streaming requests may
    /// pause freely (their deadline, if any, still applies).
    /// </summary>
    public double RequestReadTimeoutSeconds { get; set; } = 30;

    /// <summary>Compress responses with this algorithm (<c>gzip</c> or <c>deflate</c>) when the client accepts it. Empty: no compression.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    public CompressionLevel? ResponseCompressionLevel { get; set; }

    /// <summary>Send exception messages to clients in INTERNAL statuses. Off by default: details go to the log only.</summary>
    public bool EnableDetailedErrors { get; set; }

    public void Validate()
    {
        if (MaxReceiveMessageSize <= 0)
        {
            throw new InvalidOperationException($"Grpc:MaxReceiveMessageSize must be positive (was {MaxReceiveMessageSize}).");
        }
        if (MaxSendMessageSize <= 0)
        {
            throw new InvalidOperationException($"Grpc:MaxSendMessageSize must be positive (was {MaxSendMessageSize}).");
        }
        if (RequestReadTimeoutSeconds is <= 0 or > 86_400)
        {
            throw new InvalidOperationException($"Grpc:RequestReadTimeoutSeconds must be in (0, 86400] (was {RequestReadTimeoutSeconds}).");
        }
        if (!string.IsNullOrEmpty(ResponseCompressionAlgorithm) && !CompressionAlgorithms.Contains(ResponseCompressionAlgorithm))
        {
            throw new InvalidOperationException($"Grpc:ResponseCompressionAlgorithm '{ResponseCompressionAlgorithm}' is unknown; known: {string.Join(", ", CompressionAlgorithms)}.");
        }
    }

    /// <summary>Copies these settings onto Grpc.AspNetCore's service options.</summary>
    public void ApplyTo(GrpcServiceOptions options)
    {
        options.MaxReceiveMessageSize = MaxReceiveMessageSize;
        options.MaxSendMessageSize = MaxSendMessageSize;
        options.EnableDetailedErrors = EnableDetailedErrors;
        options.ResponseCompressionAlgorithm = string.IsNullOrEmpty(ResponseCompressionAlgorithm) ? null : ResponseCompressionAlgorithm;
        options.ResponseCompressionLevel = ResponseCompressionLevel;
    }
}
