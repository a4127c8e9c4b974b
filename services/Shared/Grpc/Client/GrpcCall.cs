using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Compression;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Client;

/// <summary>
/// One client call over an HTTP/2 stream: sends the request (one frame, or a pushed stream of
/// frames), reads response headers, messages and the status from trailers, and ends the call once
/// with a status whether it completes, fails, is cancelled, passes its deadline or is disposed.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : ICallForWriter, IDisposable
    where TRequest : class
    where TResponse : class
{
    private const string UserAgent = "grpc-dotnet-recommender/1.0";

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly string? _host;
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationToken _token;
    private TaskCompletionSource<Metadata>? _responseHeadersWaiter;
    private ReceivedMetadata? _responseHeaders;
    private readonly object _gate = new();
    private readonly DateTime _deadline;
    private CancellationTokenRegistration _userCancellation;
    private CancellationTokenRegistration _parentCancellation;
    private CancellationTokenRegistration _callCancellation;
    private Task<HttpResponseMessage>? _responseTask;
    private HttpResponseMessage? _response;
    private PipeReader? _responseBody;
    private MessageReader? _reader;
    private PushStreamContent? _pushContent;
    private Status? _status;
    private ReceivedMetadata? _trailers;
    private string? _cancelReason;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _host = host;
        _options = options;
        _token = _cts.Token;
        _deadline = options.Deadline?.ToUniversalTime() ?? DateTime.MaxValue;
        if (options.PropagationToken is { } parent)
        {
            if (parent.Options.IsPropagateDeadline && parent.ParentDeadline < _deadline)
            {
                _deadline = parent.ParentDeadline;
            }
            if (parent.Options.IsPropagateCancellation && parent.ParentCancellationToken.CanBeCanceled)
            {
                _parentCancellation = parent.ParentCancellationToken.Register(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel("Parent call was cancelled."), this);
            }
        }
        if (options.CancellationToken.CanBeCanceled)
        {
            _userCancellation = options.CancellationToken.Register(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel("Call canceled by the client."), this);
        }
        _callCancellation = _cts.Token.Register(static state => ((GrpcCall<TRequest, TResponse>)state!).OnCallCancelled(), this);
    }

    /// <summary>The response headers; built only for callers that ask for them.</summary>
    public Task<Metadata> ResponseHeadersAsync
    {
        get
        {
            lock (_gate)
            {
                if (_responseHeaders is not null)
                {
                    return Task.FromResult(_responseHeaders.Value);
                }
                if (_status is { } status)
                {
                    return Task.FromException<Metadata>(CreateException(status));
                }
                _responseHeadersWaiter ??= new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _responseHeadersWaiter.Task;
            }
        }
    }

    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _status is not null;
            }
        }
    }

    internal Status? FinishedStatus
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public CancellationToken CallToken => _token;

    internal GrpcChannel Channel => _channel;

    public ICompressionProvider? RequestCompression { get; private set; }

    public int? MaxSendMessageSize => _channel.Options.MaxSendMessageSize;

    public void ThrowIfFinished()
    {
        if (FinishedStatus is { } status)
        {
            throw status.StatusCode == StatusCode.OK
                ? new InvalidOperationException("Can't write the message because the call is complete.")
                : CreateException(status);
        }
    }

    public Exception FailWrite(Exception exception) => FinishedStatus switch
    {
        { StatusCode: StatusCode.OK } => new InvalidOperationException("Can't write the message because the call is complete."),
        { } status => CreateException(status),
        null => Fail(exception),
    };

    /// <summary>Starts a unary call and returns its response.</summary>
    public async Task<TResponse> UnaryAsync(TRequest request)
    {
        try
        {
            var response = await SendAsync(CreateSingleFrameContent(request)).ConfigureAwait(false);
            return await ReadSingleResponseAsync(response).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
        finally
        {
            ReleaseResponse();
        }
    }

    /// <summary>Starts a server-streaming call; messages are read through <see cref="ReadStreamMessageAsync"/>.</summary>
    public void StartServerStreaming(TRequest request)
    {
        try
        {
            _responseTask = SendAsync(CreateSingleFrameContent(request));
        }
        catch (Exception ex)
        {
            _responseTask = Task.FromException<HttpResponseMessage>(Fail(ex));
        }
        ObserveStart();
    }

    /// <summary>Starts a call whose request is a stream written through the returned writer.</summary>
    public ClientStreamWriter<TRequest> StartStreamingRequest()
    {
        _pushContent = new PushStreamContent();
        _responseTask = SendAsync(_pushContent);
        ObserveStart();
        return new ClientStreamWriter<TRequest>(this, _pushContent, _method.RequestMarshaller.ContextualSerializer, _options.WriteOptions);
    }

    /// <summary>The response of a client-streaming call.</summary>
    public async Task<TResponse> ClientStreamingResponseAsync()
    {
        try
        {
            var response = await _responseTask!.ConfigureAwait(false);
            return await ReadSingleResponseAsync(response).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
        finally
        {
            ReleaseResponse();
        }
    }

    /// <summary>The next response message of a streaming call; null at its end (status OK).</summary>
    public async Task<TResponse?> ReadStreamMessageAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel("Call canceled by the client."), this)
            : default;
        try
        {
            if (_reader is null && FinishedStatus is null)
            {
                StartReadingResponse(await _responseTask!.ConfigureAwait(false));
            }
            if (FinishedStatus is { } status)
            {
                return status.StatusCode == StatusCode.OK ? null : throw CreateException(status);
            }
            var message = await _reader!.ReadAsync(_method.ResponseMarshaller.ContextualDeserializer, _token).ConfigureAwait(false);
            if (message is not null)
            {
                return message;
            }
            var final = FinishFromTrailers();
            ReleaseResponse();
            return final.StatusCode == StatusCode.OK ? null : throw CreateException(final);
        }
        catch (Exception ex)
        {
            var error = Fail(ex);
            ReleaseResponse();
            throw error;
        }
    }

    public Status GetStatus() => FinishedStatus ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers()
    {
        lock (_gate)
        {
            return _status is null
                ? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.")
                : _trailers?.Value ?? Metadata.Empty;
        }
    }

    public void Dispose()
    {
        Cancel("gRPC call disposed.");
        ReleaseResponse();
    }

    /// <summary>Cancels the call with CANCELLED and the given reason, if it is still running.</summary>
    internal void Cancel(string reason)
    {
        lock (_gate)
        {
            if (_status is not null)
            {
                return;
            }
            _cancelReason ??= reason;
        }
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnCallCancelled() => Finish(CancellationStatus(), null);

    private void OnResponseHeaders(ReceivedMetadata headers)
    {
        TaskCompletionSource<Metadata>? waiter;
        lock (_gate)
        {
            _responseHeaders = headers;
            waiter = _responseHeadersWaiter;
        }
        waiter?.TrySetResult(headers.Value);
    }

    /// <summary>Why the call's token fired: an explicit cancellation (with its reason) or, failing that, the deadline.</summary>
    private Status CancellationStatus()
    {
        lock (_gate)
        {
            return _cancelReason is null
                ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")
                : new Status(StatusCode.Cancelled, _cancelReason);
        }
    }

    private void ObserveStart() => _responseTask!.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

    private SingleFrameContent CreateSingleFrameContent(TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(256);
        ResolveRequestCompression();
        var compression = ((_options.WriteOptions?.Flags ?? 0) & WriteFlags.NoCompress) == 0 ? RequestCompression : null;
        new FrameSerializationContext().WriteFrame(buffer, request, _method.RequestMarshaller.ContextualSerializer,
            _channel.Options.MaxSendMessageSize, compression);
        return new SingleFrameContent(buffer.WrittenMemory);
    }

    private void ResolveRequestCompression()
    {
        if (_options.Headers?.GetValue(GrpcProtocol.CompressionRequestHeader) is { } name
            && !name.Equals(CompressionProviders.Identity, StringComparison.OrdinalIgnoreCase))
        {
            RequestCompression = _channel.Options.CompressionProviders.TryGet(name, out var provider)
                ? provider
                : throw new RpcException(new Status(StatusCode.Internal, $"Could not find compression provider for '{name}'."));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpContent content)
    {
        if (_channel.IsDisposed)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The channel has been disposed."));
        }
        if (_deadline != DateTime.MaxValue)
        {
            var remaining = _deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                _cts.Cancel();
                throw new OperationCanceledException(_cts.Token);
            }
            if (remaining < TimeSpan.FromMilliseconds(int.MaxValue - 1))
            {
                _cts.CancelAfter(remaining);
            }
        }
        var request = await CreateRequestAsync(content).ConfigureAwait(false);
        var response = await _channel.Invoker.SendAsync(request, _token).ConfigureAwait(false);
        _pushContent?.StopReplay();
        lock (_gate)
        {
            _response = response;
        }
        return response;
    }

    private async ValueTask<HttpRequestMessage> CreateRequestAsync(HttpContent content)
    {
        if (_pushContent is null && RequestCompression is null)
        {
            ResolveRequestCompression();
        }
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocol.UserAgentHeader, UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, _channel.Options.CompressionProviders.AcceptEncoding);
        if (RequestCompression is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, RequestCompression.EncodingName);
        }
        if (_deadline != DateTime.MaxValue)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(_deadline - DateTime.UtcNow));
        }
        if (_host is not null)
        {
            headers.Host = _host;
        }
        if (_options.Headers is { Count: > 0 } metadata)
        {
            MetadataHeaders.WriteTo(metadata, headers);
        }
        if (_options.Credentials is { } credentials)
        {
            var added = new Metadata();
            var serviceUrl = new Uri(_channel.Address, "/" + _method.ServiceName).ToString();
            await credentials.ApplyAsync(new AuthInterceptorContext(serviceUrl, _method.Name, _cts.Token), added).ConfigureAwait(false);
            MetadataHeaders.WriteTo(added, headers);
        }
        return request;
    }

    private async Task<TResponse> ReadSingleResponseAsync(HttpResponseMessage response)
    {
        if (!StartReadingResponse(response))
        {
            throw CreateException(FinishedStatus!.Value);
        }
        var message = await _reader!.ReadAsync(_method.ResponseMarshaller.ContextualDeserializer, _token).ConfigureAwait(false);
        if (message is not null && await _reader.ReadAsync(_method.ResponseMarshaller.ContextualDeserializer, _token).ConfigureAwait(false) is not null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server sent more than one response message for a call that takes one."));
        }
        var (status, trailers) = ReadTrailers();
        if (status.StatusCode == StatusCode.OK && message is null)
        {
            status = new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message.");
        }
        Finish(status, trailers);
        return status.StatusCode == StatusCode.OK ? message! : throw CreateException(FinishedStatus!.Value);
    }

    /// <summary>Checks the response headers; false when they already carry the final status (Trailers-Only or an HTTP error).</summary>
    private bool StartReadingResponse(HttpResponseMessage response)
    {
        var headers = new ReceivedMetadata(response.Headers);
        OnResponseHeaders(headers);
        if (TryGetStatus(response.Headers, out var status))
        {
            Finish(status, headers);
            return false;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(new Status(GrpcProtocol.StatusFromHttp(response.StatusCode), $"Bad gRPC response: HTTP status {(int)response.StatusCode} {response.ReasonPhrase}."), headers);
            return false;
        }
        var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var contentTypes) ? contentTypes.ToString() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            Finish(new Status(StatusCode.Unknown, $"Bad gRPC response: content-type '{contentType}' is not {GrpcProtocol.ContentType}."), headers);
            return false;
        }
        var encoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;
        _responseBody = PipeReader.Create(response.Content.ReadAsStream(_token), new StreamPipeReaderOptions(minimumReadSize: 4096));
        _reader = new MessageReader(_responseBody, _channel.Options.MaxReceiveMessageSize, encoding, _channel.Options.CompressionProviders, "response");
        return true;
    }

    private Status FinishFromTrailers()
    {
        var (status, trailers) = ReadTrailers();
        Finish(status, trailers);
        return FinishedStatus!.Value;
    }

    private (Status Status, ReceivedMetadata Trailers) ReadTrailers()
    {
        var trailers = _response!.TrailingHeaders;
        var status = TryGetStatus(trailers, out var fromTrailers)
            ? fromTrailers
            : new Status(StatusCode.Unknown, "The server ended the response without a grpc-status trailer.");
        return (status, new ReceivedMetadata(trailers));
    }

    private static bool TryGetStatus(HttpHeaders headers, out Status status)
    {
        status = default;
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            return false;
        }
        var text = statusValues.ToString();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            status = new Status(StatusCode.Unknown, $"Unexpected grpc-status value '{text}'.");
            return true;
        }
        var detail = headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : "";
        status = new Status((StatusCode)code, detail);
        return true;
    }

    /// <summary>Records the final status (the first one wins) and stops the HTTP exchange if it is still running.</summary>
    internal void Finish(Status status, ReceivedMetadata? trailers)
    {
        TaskCompletionSource<Metadata>? headersWaiter;
        lock (_gate)
        {
            if (_status is not null)
            {
                return;
            }
            _status = status;
            _trailers = trailers;
            headersWaiter = _responseHeaders is null ? _responseHeadersWaiter : null;
        }
        if (headersWaiter is not null && headersWaiter.TrySetException(CreateException(status)))
        {
            _ = headersWaiter.Task.Exception; // observed: callers that never await the headers must not see unobserved exceptions
        }
        _pushContent?.Complete();
        _pushContent?.Abort(); // writers waiting for a retried stream stop waiting
        if (status.StatusCode != StatusCode.OK)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        else
        {
            StopDeadlineTimer();
        }
        _userCancellation.Dispose();
        _parentCancellation.Dispose();
    }

    private void StopDeadlineTimer()
    {
        try
        {
            _cts.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Ends the call with the status an exception stands for, and returns the exception to throw.</summary>
    internal Exception Fail(Exception exception)
    {
        var status = exception switch
        {
            RpcException rpc => rpc.Status,
            OperationCanceledException when _token.IsCancellationRequested => FinishedStatus ?? CancellationStatus(),
            _ when FinishedStatus is { StatusCode: not StatusCode.OK } finished => finished,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } connect =>
                new Status(StatusCode.Unavailable, $"Error connecting to {_channel.Address}: {connect.Message}", connect),
            _ when FindProtocolError(exception) is { } protocol =>
                new Status(GrpcProtocol.StatusFromHttp2Error(protocol.ErrorCode), $"The HTTP/2 stream was reset: {protocol.Message}", protocol),
            HttpRequestException or IOException =>
                new Status(StatusCode.Unavailable, $"Error communicating with {_channel.Address}: {exception.Message}", exception),
            _ => new Status(StatusCode.Internal, $"Error in gRPC call: {exception.GetType().Name}: {exception.Message}", exception),
        };
        Finish(status, exception is RpcException { Trailers.Count: > 0 } withTrailers ? new ReceivedMetadata(withTrailers.Trailers) : null);
        return CreateException(FinishedStatus!.Value);
    }

    private static HttpProtocolException? FindProtocolError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpProtocolException protocol)
            {
                return protocol;
            }
        }
        return null;
    }

    internal Exception CreateException(Status status)
    {
        if (_channel.Options.ThrowOperationCanceledOnCancellation && status.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
            return new OperationCanceledException(status.Detail);
        }
        Metadata trailers;
        lock (_gate)
        {
            trailers = _trailers?.Value ?? Metadata.Empty;
        }
        return new RpcException(status, trailers);
    }

    private void ReleaseResponse()
    {
        HttpResponseMessage? response;
        lock (_gate)
        {
            if (_status is null)
            {
                return;
            }
            response = _response;
        }
        _responseBody?.Complete();
        response?.Dispose();
        _callCancellation.Dispose();
        _cts.Dispose();
    }
}
