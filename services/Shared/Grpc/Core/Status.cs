namespace Grpc.Core;

/// <summary>The result of a call: a status code and a human-readable detail.</summary>
public readonly struct Status : IEquatable<Status>
{
    /// <summary>The status of a call that succeeded.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");

    /// <summary>The status of a call the client cancelled.</summary>
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, "");

    public Status(StatusCode statusCode, string detail) : this(statusCode, detail, null)
    {
    }

    /// <param name="debugException">Local diagnostic only; never sent on the wire.</param>
    public Status(StatusCode statusCode, string detail, Exception? debugException)
    {
        StatusCode = statusCode;
        Detail = detail ?? "";
        DebugException = debugException;
    }

    public StatusCode StatusCode { get; }

    public string Detail { get; }

    public Exception? DebugException { get; }

    public bool Equals(Status other) => StatusCode == other.StatusCode && Detail == other.Detail;

    public override bool Equals(object? obj) => obj is Status other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(StatusCode, Detail);

    public static bool operator ==(Status left, Status right) => left.Equals(right);

    public static bool operator !=(Status left, Status right) => !left.Equals(right);

    public override string ToString() => DebugException is null
        ? $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")"
        : $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\", DebugException=\"{DebugException.GetType()}: {DebugException.Message}\")";
}
