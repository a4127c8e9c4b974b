using System.Collections.Concurrent;
using Grpc.Core;

namespace Recommender.Rpc.Tests.Infrastructure;

/// <summary>What the probe service saw, for tests that check the server side of a call.</summary>
public sealed class ProbeState
{
    public ConcurrentDictionary<string, TaskCompletionSource<ServerCallContext>> Started { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource<bool>> Cancelled { get; } = new();

    public TaskCompletionSource<ServerCallContext> StartedFor(string id) => Started.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public TaskCompletionSource<bool> CancelledFor(string id) => Cancelled.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>
/// A service defined without a .proto (string messages), for server behaviour the interop
/// service cannot show: waiting for cancellation, throwing, large responses, slow answers.
/// </summary>
public static class ProbeService
{
    public const string ServiceName = "test.Probe";

    public static readonly Method<string, string> Wait = Unary(nameof(ProbeServiceImpl.Wait));
    public static readonly Method<string, string> Throw = Unary(nameof(ProbeServiceImpl.Throw));
    public static readonly Method<string, string> Echo = Unary(nameof(ProbeServiceImpl.Echo));
    public static readonly Method<string, string> Repeat = Unary(nameof(ProbeServiceImpl.Repeat));
    public static readonly Method<string, string> Slow = Unary(nameof(ProbeServiceImpl.Slow));
    public static readonly Method<string, string> WaitStream = new(MethodType.DuplexStreaming, ServiceName, nameof(ProbeServiceImpl.WaitStream), Marshallers.StringMarshaller, Marshallers.StringMarshaller);

    private static Method<string, string> Unary(string name) => new(MethodType.Unary, ServiceName, name, Marshallers.StringMarshaller, Marshallers.StringMarshaller);
}

/// <summary>
/// The probe service's handlers. Grpc.AspNetCore binds a service through its
/// <see cref="BindServiceMethodAttribute"/> and calls the instance method named like each gRPC method,
/// exactly as for a generated service base: public virtual methods declared on the bound type.
/// </summary>
[BindServiceMethod(typeof(ProbeServiceImpl), nameof(BindService))]
public class ProbeServiceImpl(ProbeState state)
{
    public static void BindService(ServiceBinderBase binder, ProbeServiceImpl? service)
    {
        binder.AddMethod(ProbeService.Wait, service is null ? null : service.Wait);
        binder.AddMethod(ProbeService.Throw, service is null ? null : service.Throw);
        binder.AddMethod(ProbeService.Echo, service is null ? null : service.Echo);
        binder.AddMethod(ProbeService.Repeat, service is null ? null : service.Repeat);
        binder.AddMethod(ProbeService.Slow, service is null ? null : service.Slow);
        binder.AddMethod(ProbeService.WaitStream, service is null ? null : service.WaitStream);
    }

    /// <summary>Waits until cancelled; the request is an id under which the test finds the context.</summary>
    public virtual async Task<string> Wait(string id, ServerCallContext context)
    {
        state.StartedFor(id).TrySetResult(context);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            state.CancelledFor(id).TrySetResult(true);
            throw;
        }
        return id;
    }

    public virtual Task<string> Throw(string request, ServerCallContext context) => throw new InvalidOperationException("secret internal detail");

    /// <summary>Echoes the request and the request metadata (as response headers and trailers).</summary>
    public virtual async Task<string> Echo(string text, ServerCallContext context)
    {
        var headers = new Metadata();
        foreach (var entry in context.RequestHeaders.Where(e => e.Key.StartsWith("echo-", StringComparison.Ordinal)))
        {
            headers.Add(entry);
            context.ResponseTrailers.Add(entry);
        }
        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }
        return text;
    }

    /// <summary>Returns a string of the requested length.</summary>
    public virtual Task<string> Repeat(string length, ServerCallContext context) => Task.FromResult(new string('x', int.Parse(length)));

    /// <summary>Answers after the requested number of milliseconds, ignoring cancellation (a handler that does not cooperate).</summary>
    public virtual async Task<string> Slow(string milliseconds, ServerCallContext context)
    {
        await Task.Delay(int.Parse(milliseconds));
        return milliseconds;
    }

    /// <summary>A long-running stream: answers each message, ends when the client completes.</summary>
    public virtual async Task WaitStream(IAsyncStreamReader<string> requests, IServerStreamWriter<string> responses, ServerCallContext context)
    {
        await foreach (var message in requests.ReadAllAsync(context.CancellationToken))
        {
            await responses.WriteAsync(message);
        }
    }
}
