using System.Collections.Concurrent;
using Grpc.Core;
using Recommender.Rpc.Client;

namespace Grpc.Net.Client;

/// <summary>
/// A connection to a gRPC server over HTTP/2 (cleartext with prior knowledge for <c>http://</c>,
/// TLS with ALPN for <c>https://</c>). Thread-safe; create one per server and reuse it.
/// </summary>
public sealed class GrpcChannel : ChannelBase, IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private readonly bool _disposeHandler;
    private int _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options) : base(address.Authority)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http:// or https://.", nameof(address));
        }
        Address = address;
        Options = options;
        var handler = options.HttpHandler ?? CreateDefaultHandler();
        _disposeHandler = options.HttpHandler is null || options.DisposeHttpHandler;
        Invoker = new HttpMessageInvoker(handler, disposeHandler: _disposeHandler);
    }

    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null) => new(address, options ?? new GrpcChannelOptions());

    public override CallInvoker CreateCallInvoker() => new HttpClientCallInvoker(this);

    internal Uri GetMethodUri(IMethod method) => _methodUris.GetOrAdd(method.FullName, static (path, address) => new Uri(address, path), Address);

    /// <summary>The handler a channel uses unless given one: HTTP/2 keep-alive pings and extra connections when one reaches its stream limit.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        ConnectTimeout = TimeSpan.FromSeconds(20),
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
    };

    protected override Task ShutdownAsyncCore()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Invoker.Dispose();
        }
    }
}
