using System.Runtime.CompilerServices;

namespace Grpc.Core;

/// <summary>The parts every call object exposes: headers, status, trailers, disposal.</summary>
internal readonly struct AsyncCallState
{
    private readonly object? _state;
    private readonly Func<object, Task<Metadata>> _responseHeadersAsync;
    private readonly Func<object, Status> _getStatus;
    private readonly Func<object, Metadata> _getTrailers;
    private readonly Action<object> _dispose;

    public AsyncCallState(Func<object, Task<Metadata>> responseHeadersAsync, Func<object, Status> getStatus, Func<object, Metadata> getTrailers, Action<object> dispose, object state)
    {
        _responseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatus;
        _getTrailers = getTrailers;
        _dispose = dispose;
        _state = state;
    }

    public AsyncCallState(Task<Metadata> responseHeadersAsync, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose)
        : this(_ => responseHeadersAsync, _ => getStatus(), _ => getTrailers(), _ => dispose(), new object())
    {
    }

    public Task<Metadata> ResponseHeadersAsync() => _responseHeadersAsync(_state!);

    public Status GetStatus() => _getStatus(_state!);

    public Metadata GetTrailers() => _getTrailers(_state!);

    public void Dispose() => _dispose(_state!);
}

/// <summary>A unary call in progress; await it for the response.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly AsyncCallState _callState;

    public AsyncUnaryCall(Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseAsync = responseAsync;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public AsyncUnaryCall(Task<TResponse> responseAsync, Func<object, Task<Metadata>> responseHeadersAsync, Func<object, Status> getStatusFunc, Func<object, Metadata> getTrailersFunc, Action<object> disposeAction, object state)
    {
        ResponseAsync = responseAsync;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction, state);
    }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _callState.ResponseHeadersAsync();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);

    /// <summary>The call's status; only valid once the call has finished.</summary>
    public Status GetStatus() => _callState.GetStatus();

    /// <summary>The call's trailers; only valid once the call has finished.</summary>
    public Metadata GetTrailers() => _callState.GetTrailers();

    /// <summary>Cancels the call if still running and releases its resources.</summary>
    public void Dispose() => _callState.Dispose();
}

/// <summary>A server-streaming call in progress.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly AsyncCallState _callState;

    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseStream = responseStream;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Func<object, Task<Metadata>> responseHeadersAsync, Func<object, Status> getStatusFunc, Func<object, Metadata> getTrailersFunc, Action<object> disposeAction, object state)
    {
        ResponseStream = responseStream;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction, state);
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _callState.ResponseHeadersAsync();

    public Status GetStatus() => _callState.GetStatus();

    public Metadata GetTrailers() => _callState.GetTrailers();

    public void Dispose() => _callState.Dispose();
}

/// <summary>A client-streaming call in progress: write requests, then await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly AsyncCallState _callState;

    public AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Func<object, Task<Metadata>> responseHeadersAsync, Func<object, Status> getStatusFunc, Func<object, Metadata> getTrailersFunc, Action<object> disposeAction, object state)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction, state);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _callState.ResponseHeadersAsync();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);

    public Status GetStatus() => _callState.GetStatus();

    public Metadata GetTrailers() => _callState.GetTrailers();

    public void Dispose() => _callState.Dispose();
}

/// <summary>A bidirectional-streaming call in progress.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly AsyncCallState _callState;

    public AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, Func<object, Task<Metadata>> responseHeadersAsync, Func<object, Status> getStatusFunc, Func<object, Metadata> getTrailersFunc, Action<object> disposeAction, object state)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
        _callState = new AsyncCallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction, state);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _callState.ResponseHeadersAsync();

    public Status GetStatus() => _callState.GetStatus();

    public Metadata GetTrailers() => _callState.GetTrailers();

    public void Dispose() => _callState.Dispose();
}
