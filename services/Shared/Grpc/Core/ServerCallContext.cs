namespace Grpc.Core;

/// <summary>What a server handler knows about its call, and how it answers beyond the response message.</summary>
public abstract class ServerCallContext
{
    private Dictionary<object, object>? _userState;

    /// <summary>Sends response headers now (at most once, before the first message).</summary>
    public Task WriteResponseHeadersAsync(Metadata responseHeaders) => WriteResponseHeadersAsyncCore(responseHeaders);

    /// <summary>A token that passes this call's deadline and cancellation on to calls it makes.</summary>
    public ContextPropagationToken CreatePropagationToken(ContextPropagationOptions? options = null) => CreatePropagationTokenCore(options);

    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public string Method => MethodCore;

    public string Host => HostCore;

    /// <summary>The remote address, e.g. <c>ipv4:127.0.0.1:51234</c>.</summary>
    public string Peer => PeerCore;

    /// <summary>When the client gives up; <see cref="DateTime.MaxValue"/> when it set no deadline.</summary>
    public DateTime Deadline => DeadlineCore;

    public Metadata RequestHeaders => RequestHeadersCore;

    /// <summary>Cancelled when the client cancels, the deadline passes, or the server shuts down.</summary>
    public CancellationToken CancellationToken => CancellationTokenCore;

    /// <summary>Trailers to send with the status.</summary>
    public Metadata ResponseTrailers => ResponseTrailersCore;

    /// <summary>The status to send when the handler returns normally.</summary>
    public Status Status
    {
        get => StatusCore;
        set => StatusCore = value;
    }

    public WriteOptions? WriteOptions
    {
        get => WriteOptionsCore;
        set => WriteOptionsCore = value;
    }

    public AuthContext AuthContext => AuthContextCore;

    /// <summary>A place for interceptors and handlers to share per-call state.</summary>
    public IDictionary<object, object> UserState => UserStateCore;

    protected abstract string MethodCore { get; }

    protected abstract string HostCore { get; }

    protected abstract string PeerCore { get; }

    protected abstract DateTime DeadlineCore { get; }

    protected abstract Metadata RequestHeadersCore { get; }

    protected abstract CancellationToken CancellationTokenCore { get; }

    protected abstract Metadata ResponseTrailersCore { get; }

    protected abstract Status StatusCore { get; set; }

    protected abstract WriteOptions? WriteOptionsCore { get; set; }

    protected abstract AuthContext AuthContextCore { get; }

    protected virtual IDictionary<object, object> UserStateCore => _userState ??= new Dictionary<object, object>();

    protected abstract Task WriteResponseHeadersAsyncCore(Metadata responseHeaders);

    protected abstract ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options);
}

/// <summary>What is known about the peer's identity (TLS).</summary>
public class AuthContext(string? peerIdentityPropertyName, Dictionary<string, List<AuthProperty>> properties)
{
    public bool IsPeerAuthenticated => peerIdentityPropertyName is not null;

    public string? PeerIdentityPropertyName => peerIdentityPropertyName;

    public IEnumerable<AuthProperty> PeerIdentity => peerIdentityPropertyName is null ? [] : FindPropertiesByName(peerIdentityPropertyName);

    public IEnumerable<AuthProperty> Properties => properties.Values.SelectMany(values => values);

    public IEnumerable<AuthProperty> FindPropertiesByName(string propertyName) =>
        properties.TryGetValue(propertyName, out var values) ? values : [];
}

/// <summary>One authentication property.</summary>
public sealed class AuthProperty
{
    private readonly byte[] _valueBytes;

    private AuthProperty(string name, byte[] valueBytes)
    {
        Name = name;
        _valueBytes = valueBytes;
    }

    public string Name { get; }

    public string Value => System.Text.Encoding.UTF8.GetString(_valueBytes);

    public byte[] ValueBytes => (byte[])_valueBytes.Clone();

    public static AuthProperty Create(string name, byte[] valueBytes) => new(name, (byte[])valueBytes.Clone());
}

/// <summary>Carries a server call's deadline and cancellation to the calls it makes (see <see cref="CallOptions.PropagationToken"/>).</summary>
public abstract class ContextPropagationToken
{
    internal ContextPropagationToken()
    {
    }

    internal abstract DateTime ParentDeadline { get; }

    internal abstract CancellationToken ParentCancellationToken { get; }

    internal abstract ContextPropagationOptions Options { get; }
}

/// <summary>Which parts of the parent call to propagate.</summary>
public class ContextPropagationOptions(bool propagateDeadline = true, bool propagateCancellation = true)
{
    public static readonly ContextPropagationOptions Default = new();

    public bool IsPropagateDeadline { get; } = propagateDeadline;

    public bool IsPropagateCancellation { get; } = propagateCancellation;
}

internal sealed class ServerContextPropagationToken(DateTime deadline, CancellationToken cancellationToken, ContextPropagationOptions? options) : ContextPropagationToken
{
    internal override DateTime ParentDeadline => deadline;

    internal override CancellationToken ParentCancellationToken => cancellationToken;

    internal override ContextPropagationOptions Options => options ?? ContextPropagationOptions.Default;
}
