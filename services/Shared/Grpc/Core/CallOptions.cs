namespace Grpc.Core;

/// <summary>Per-call flags.</summary>
[Flags]
public enum CallFlags
{
    IdempotentRequest = 0x10,
    WaitForReady = 0x20,
    CacheableRequest = 0x40,
}

/// <summary>Options of one call: headers, deadline, cancellation, write options, propagation, credentials.</summary>
public readonly struct CallOptions
{
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default,
        WriteOptions? writeOptions = null, ContextPropagationToken? propagationToken = null, CallCredentials? credentials = null)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        WriteOptions = writeOptions;
        PropagationToken = propagationToken;
        Credentials = credentials;
        Flags = default;
    }

    private CallOptions(CallOptions source, CallFlags flags) : this(source.Headers, source.Deadline, source.CancellationToken, source.WriteOptions, source.PropagationToken, source.Credentials)
    {
        Flags = flags;
    }

    public Metadata? Headers { get; }

    public DateTime? Deadline { get; }

    public CancellationToken CancellationToken { get; }

    public WriteOptions? WriteOptions { get; }

    public ContextPropagationToken? PropagationToken { get; }

    public CallCredentials? Credentials { get; }

    public CallFlags Flags { get; }

    public bool IsWaitForReady => (Flags & CallFlags.WaitForReady) != 0;

    public CallOptions WithHeaders(Metadata headers) => new CallOptions(headers, Deadline, CancellationToken, WriteOptions, PropagationToken, Credentials).WithFlags(Flags);

    public CallOptions WithDeadline(DateTime deadline) => new CallOptions(Headers, deadline, CancellationToken, WriteOptions, PropagationToken, Credentials).WithFlags(Flags);

    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => new CallOptions(Headers, Deadline, cancellationToken, WriteOptions, PropagationToken, Credentials).WithFlags(Flags);

    public CallOptions WithWriteOptions(WriteOptions writeOptions) => new CallOptions(Headers, Deadline, CancellationToken, writeOptions, PropagationToken, Credentials).WithFlags(Flags);

    public CallOptions WithPropagationToken(ContextPropagationToken propagationToken) => new CallOptions(Headers, Deadline, CancellationToken, WriteOptions, propagationToken, Credentials).WithFlags(Flags);

    public CallOptions WithCredentials(CallCredentials credentials) => new CallOptions(Headers, Deadline, CancellationToken, WriteOptions, PropagationToken, credentials).WithFlags(Flags);

    public CallOptions WithWaitForReady(bool waitForReady = true) => WithFlags(waitForReady ? Flags | CallFlags.WaitForReady : Flags & ~CallFlags.WaitForReady);

    public CallOptions WithFlags(CallFlags flags) => new(this, flags);
}

/// <summary>Adds metadata to a call before it is sent (for example a token).</summary>
public delegate Task AsyncAuthInterceptor(AuthInterceptorContext context, Metadata metadata);

/// <summary>What an <see cref="AsyncAuthInterceptor"/> knows about the call.</summary>
public sealed class AuthInterceptorContext(string serviceUrl, string methodName, CancellationToken cancellationToken = default)
{
    public string ServiceUrl { get; } = serviceUrl;

    public string MethodName { get; } = methodName;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}

/// <summary>Per-call credentials: metadata added to each call.</summary>
public abstract class CallCredentials
{
    public static CallCredentials FromInterceptor(AsyncAuthInterceptor interceptor) => new InterceptorCallCredentials(interceptor);

    internal abstract Task ApplyAsync(AuthInterceptorContext context, Metadata metadata);

    private sealed class InterceptorCallCredentials(AsyncAuthInterceptor interceptor) : CallCredentials
    {
        internal override Task ApplyAsync(AuthInterceptorContext context, Metadata metadata) => interceptor(context, metadata);
    }
}
