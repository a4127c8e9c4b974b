namespace Grpc.Core;

/// <summary>Thrown when a call ends with a status other than OK; thrown by a handler to end a call with that status.</summary>
public class RpcException : Exception
{
    public RpcException(Status status) : this(status, Metadata.Empty, status.ToString())
    {
    }

    public RpcException(Status status, string message) : this(status, Metadata.Empty, message)
    {
    }

    public RpcException(Status status, Metadata trailers) : this(status, trailers, status.ToString())
    {
    }

    public RpcException(Status status, Metadata trailers, string message) : base(message, status.DebugException)
    {
        Status = status;
        Trailers = trailers ?? throw new ArgumentNullException(nameof(trailers));
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers the server sent with the status (or that a handler wants sent).</summary>
    public Metadata Trailers { get; }
}
