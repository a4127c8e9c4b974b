using System.IO.Pipelines;
using System.Net;
using Grpc.Core;
using Grpc.Net.Compression;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Server;

/// <summary>
/// One server call over an HTTP/2 stream: its deadline and cancellation, reading request messages,
/// writing response headers, messages and the final status (in trailers, or Trailers-Only when
/// nothing else was sent). Writes are serialised so a deadline can end the call mid-handler.
/// </summary>
internal sealed class HttpServerCallContext : ServerCallContext, IAsyncDisposable
{
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    private readonly HttpContext _http;
    private readonly string _method;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly FrameSerializationContext _serializer = new();
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Status _status = Status.DefaultSuccess;
    private WriteOptions? _writeOptions;
    private DateTime _deadline = DateTime.MaxValue;
    private CancellationTokenSource? _deadlineCts;
    private CancellationTokenSource? _linkedCts;
    private CancellationToken _cancellationToken;
    private MessageReader? _reader;
    private string? _responseEncoding;
    private bool _responseHeadersPrepared;
    private bool _responseStarted;
    private int _completed;
    private int _deadlineExceeded;
    private CancellationTokenRegistration _deadlineRegistration;
    private Task? _deadlineTask;

    public HttpServerCallContext(HttpContext http, string method, GrpcServerOptions options, ILogger logger)
    {
        _http = http;
        _method = method;
        _options = options;
        _logger = logger;
        _cancellationToken = http.RequestAborted;
    }

    public HttpContext HttpContext => _http;

    public bool IsCompleted => Volatile.Read(ref _completed) == 1;

    /// <summary>The status the call ended with (CANCELLED when the client went away first).</summary>
    public StatusCode FinalStatusCode { get; private set; } = StatusCode.Cancelled;

    private bool DeadlineExceeded => Volatile.Read(ref _deadlineExceeded) == 1;

    /// <summary>Reads the protocol headers; returns the status to end the call with when they are invalid.</summary>
    public Status? Initialize()
    {
        var features = _http.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null; // message limits apply instead
        }
        if (features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null; // streams may pause; single messages have RequestReadTimeoutSeconds
        }

        _http.Response.ContentType = GrpcProtocol.ContentType;
        _http.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = _options.CompressionProviders.AcceptEncoding;

        var timeoutHeader = _http.Request.Headers[GrpcProtocol.TimeoutHeader];
        if (timeoutHeader.Count > 0)
        {
            var value = timeoutHeader.ToString();
            if (!GrpcTimeout.TryParse(value, out var timeout))
            {
                return new Status(StatusCode.Internal, $"Malformed grpc-timeout header '{value}': expected 1 to 8 digits followed by a unit H, M, S, m, u or n.");
            }
            StartDeadline(timeout);
        }
        return null;
    }

    private void StartDeadline(TimeSpan timeout)
    {
        var now = DateTime.UtcNow;
        _deadline = timeout >= DateTime.MaxValue - now ? DateTime.MaxValue : now + timeout;
        if (timeout >= MaxTimerDelay)
        {
            return;
        }
        _deadlineCts = new CancellationTokenSource();
        _linkedCts = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _deadlineCts.Token);
        _cancellationToken = _linkedCts.Token;
        _deadlineRegistration = _deadlineCts.Token.Register(static state =>
        {
            var call = (HttpServerCallContext)state!;
            call._deadlineTask = call.OnDeadlineAsync();
        }, this);
        _deadlineCts.CancelAfter(timeout);
    }

    private async Task OnDeadlineAsync()
    {
        Interlocked.Exchange(ref _deadlineExceeded, 1);
        try
        {
            await CompleteAsync(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null, endResponse: true).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Could not send DEADLINE_EXCEEDED for {Method}", _method);
        }
    }

    /// <summary>Reads the next request message; null at the end of the request stream.</summary>
    public ValueTask<T?> ReadMessageAsync<T>(Func<DeserializationContext, T> deserializer, CancellationToken cancellationToken) where T : class
    {
        _reader ??= new MessageReader(_http.Request.BodyReader, _options.MaxReceiveMessageSize,
            _http.Request.Headers[GrpcProtocol.EncodingHeader].ToString() is { Length: > 0 } encoding ? encoding : null,
            _options.CompressionProviders, "request");
        return _reader.ReadAsync(deserializer, cancellationToken.CanBeCanceled ? cancellationToken : _cancellationToken);
    }

    /// <summary>Reads the one request message of a unary or server-streaming call and checks nothing follows it.</summary>
    public async Task<T> ReadSingleMessageAsync<T>(Func<DeserializationContext, T> deserializer) where T : class
    {
        if (RequestBodyHasArrived())
        {
            // The usual case: the whole body came with the headers, so no read can stall and no timer is needed.
            return await ReadSingleMessageCoreAsync(deserializer, _cancellationToken).ConfigureAwait(false);
        }
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
        readTimeout.CancelAfter(TimeSpan.FromSeconds(_options.RequestReadTimeoutSeconds));
        try
        {
            return await ReadSingleMessageCoreAsync(deserializer, readTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (readTimeout.IsCancellationRequested && !_cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The request message did not arrive within {_options.RequestReadTimeoutSeconds} s (Grpc:RequestReadTimeoutSeconds)."));
        }
    }

    private async Task<T> ReadSingleMessageCoreAsync<T>(Func<DeserializationContext, T> deserializer, CancellationToken cancellationToken) where T : class
    {
        var message = await ReadMessageAsync(deserializer, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "Request message is missing: the request stream ended before a message arrived."));
        await ExpectRequestEndAsync(cancellationToken).ConfigureAwait(false);
        return message;
    }

    /// <summary>True when the request body is complete in memory (looked at without consuming it).</summary>
    private bool RequestBodyHasArrived()
    {
        var reader = _http.Request.BodyReader;
        if (!reader.TryRead(out var result))
        {
            return false;
        }
        reader.AdvanceTo(result.Buffer.Start);
        return result.IsCompleted;
    }

    private async Task ExpectRequestEndAsync(CancellationToken cancellationToken)
    {
        var reader = _http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var length = result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (length > 0)
            {
                throw new RpcException(new Status(StatusCode.Internal, "Additional data after the request message: this method takes exactly one request message."));
            }
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Writes one response message; flushes unless <paramref name="flush"/> is false.</summary>
    public async Task WriteMessageAsync<T>(T message, Action<T, SerializationContext> serializer, bool flush, CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : _cancellationToken;
        await _writeLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (IsCompleted)
            {
                throw new InvalidOperationException("Can't write the message because the call is complete.");
            }
            PrepareResponseHeaders();
            var compression = _responseEncoding is not null && ((_writeOptions?.Flags ?? 0) & WriteFlags.NoCompress) == 0
                && _options.CompressionProviders.TryGet(_responseEncoding, out var provider) ? provider : null;
            var output = _http.Response.BodyWriter;
            _serializer.WriteFrame(output, message, serializer, _options.MaxSendMessageSize, compression, _options.ResponseCompressionLevel);
            _responseStarted = true;
            if (flush)
            {
                await output.FlushAsync(token).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        await _writeLock.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsCompleted || _responseStarted || _http.Response.HasStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
            }
            _responseStarted = true;
            if (responseHeaders.GetValue(GrpcProtocol.CompressionRequestHeader) is { } requested)
            {
                _responseEncoding = requested;
            }
            MetadataHeaders.WriteTo(responseHeaders, _http.Response.Headers);
            PrepareResponseHeaders();
            await _http.Response.BodyWriter.FlushAsync(_cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Chooses the response encoding once, before the headers leave.</summary>
    private void PrepareResponseHeaders()
    {
        if (_responseHeadersPrepared)
        {
            return;
        }
        _responseHeadersPrepared = true;
        var encoding = _responseEncoding ?? _options.ResponseCompressionAlgorithm;
        _responseEncoding = null;
        if (encoding is null || encoding.Equals(CompressionProviders.Identity, StringComparison.OrdinalIgnoreCase) || !ClientAccepts(encoding))
        {
            return;
        }
        _responseEncoding = encoding;
        _http.Response.Headers[GrpcProtocol.EncodingHeader] = encoding;
    }

    private bool ClientAccepts(string encoding)
    {
        foreach (var value in _http.Request.Headers[GrpcProtocol.AcceptEncodingHeader])
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (name.Equals(encoding, StringComparison.OrdinalIgnoreCase))
                {
                    return _options.CompressionProviders.TryGet(encoding, out _);
                }
            }
        }
        return false;
    }

    /// <summary>Ends the call after a handler failed.</summary>
    public Task CompleteWithErrorAsync(Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                var trailers = ResponseTrailers;
                foreach (var entry in rpc.Trailers)
                {
                    trailers.Add(entry);
                }
                if (rpc.StatusCode == StatusCode.Internal && rpc.Status.DebugException is { } inner)
                {
                    _logger.LogError(inner, "gRPC call {Method} failed: {Detail}", _method, rpc.Status.Detail);
                }
                return CompleteAsync(rpc.Status, trailers, endResponse: false);
            case OperationCanceledException or IOException when DeadlineExceeded:
                return Task.CompletedTask; // the deadline already answered
            case OperationCanceledException or IOException or ConnectionAbortedException when _http.RequestAborted.IsCancellationRequested:
                _logger.LogDebug("gRPC call {Method} was cancelled by the client.", _method);
                return Task.CompletedTask;
            case Exception when IsCompleted:
                _logger.LogDebug(exception, "gRPC call {Method} failed after its status was sent.", _method);
                return Task.CompletedTask;
            case BadHttpRequestException bad:
                return CompleteAsync(new Status(StatusCode.Internal, $"Bad request body: {bad.Message}"), null, endResponse: false);
            default:
                _logger.LogError(exception, "Exception in gRPC handler {Method}", _method);
                var detail = _options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.";
                return CompleteAsync(new Status(StatusCode.Internal, detail), ResponseTrailers, endResponse: false);
        }
    }

    /// <summary>Sends the final status once; later calls are ignored.</summary>
    public async Task CompleteAsync(Status status, Metadata? trailers, bool endResponse)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _completed, 1) == 1 || _http.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            FinalStatusCode = status.StatusCode;
            var response = _http.Response;
            if (!_responseStarted && !response.HasStarted)
            {
                // Trailers-Only: the status travels in the one and only HEADERS frame.
                WriteStatus(response.Headers, status, trailers);
            }
            else
            {
                response.AppendTrailer(GrpcProtocol.StatusHeader, StatusCodeText(status.StatusCode));
                if (status.Detail.Length > 0)
                {
                    response.AppendTrailer(GrpcProtocol.MessageHeader, EncodeStatusMessage(status.Detail));
                }
                foreach (var entry in trailers ?? [])
                {
                    if (!GrpcProtocol.IsReservedHeader(entry.Key))
                    {
                        response.AppendTrailer(entry.Key, MetadataHeaders.ToHeaderValue(entry));
                    }
                }
            }
            if (endResponse)
            {
                await response.CompleteAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void WriteStatus(IHeaderDictionary headers, Status status, Metadata? trailers)
    {
        headers[GrpcProtocol.StatusHeader] = StatusCodeText(status.StatusCode);
        if (status.Detail.Length > 0)
        {
            headers[GrpcProtocol.MessageHeader] = EncodeStatusMessage(status.Detail);
        }
        if (trailers is not null)
        {
            MetadataHeaders.WriteTo(trailers, headers);
        }
    }

    /// <summary>Stops the deadline timer and waits for a deadline answer in flight, so nothing touches the HttpContext after the call.</summary>
    private static readonly string[] StatusCodeTexts = Enumerable.Range(0, 17).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string StatusCodeText(StatusCode code) =>
        (uint)code < StatusCodeTexts.Length ? StatusCodeTexts[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Percent-encodes a status message, shortened so the header block stays well under the 8 KiB some clients accept.</summary>
    internal static string EncodeStatusMessage(string detail)
    {
        const int MaxEncodedLength = 4096;
        var encoded = PercentEncoding.Encode(detail);
        for (var keep = detail.Length / 2; encoded.Length > MaxEncodedLength; keep /= 2)
        {
            encoded = PercentEncoding.Encode(detail[..keep] + " (truncated)");
        }
        return encoded;
    }

    public async ValueTask DisposeAsync()
    {
        _deadlineRegistration.Dispose();
        if (_deadlineTask is not null)
        {
            await _deadlineTask.ConfigureAwait(false);
        }
        _linkedCts?.Dispose();
        _deadlineCts?.Dispose();
    }

    protected override string MethodCore => _method;

    protected override string HostCore => _http.Request.Host.Value ?? "";

    protected override string PeerCore => FormatPeer(_http.Connection.RemoteIpAddress, _http.Connection.RemotePort);

    protected override DateTime DeadlineCore => _deadline;

    protected override Metadata RequestHeadersCore => _requestHeaders ??= MetadataHeaders.FromRequestHeaders(_http.Request.Headers);

    protected override CancellationToken CancellationTokenCore => _cancellationToken;

    protected override Metadata ResponseTrailersCore => _responseTrailers ??= new Metadata();

    protected override Status StatusCore
    {
        get => _status;
        set => _status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => _writeOptions;
        set => _writeOptions = value;
    }

    protected override AuthContext AuthContextCore => new(null, new Dictionary<string, List<AuthProperty>>());

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        new ServerContextPropagationToken(_deadline, _cancellationToken, options);

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } when address.IsIPv4MappedToIPv6 => $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
