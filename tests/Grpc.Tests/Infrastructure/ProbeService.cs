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

    public static readonly Method<string, string> Wait = Unary("Wait");
    public static readonly Method<string, string> Throw = Unary("Throw");
    public static readonly Method<string, string> Echo = Unary("Echo");
    public static readonly Method<string, string> Repeat = Unary("Repeat");
    public static readonly Method<string, string> Slow = Unary("Slow");
    public static readonly Method<string, string> WaitStream = new(MethodType.DuplexStreaming, ServiceName, "WaitStream", Marshallers.StringMarshaller, Marshallers.StringMarshaller);

    public static ServerServiceDefinition Bind(ProbeState state) => ServerServiceDefinition.CreateBuilder()
        // Waits until cancelled; the request is an id under which the test finds the context.
        .AddMethod(Wait, async (id, context) =>
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
        })
        .AddMethod(Throw, new UnaryServerMethod<string, string>((_, _) => throw new InvalidOperationException("secret internal detail")))
        // Echoes the request and the request metadata (as response headers and trailers).
        .AddMethod(Echo, async (text, context) =>
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
        })
        // Returns a string of the requested length.
        .AddMethod(Repeat, (length, _) => Task.FromResult(new string('x', int.Parse(length))))
        // Answers after the requested number of milliseconds, ignoring cancellation (a handler that does not cooperate).
        .AddMethod(Slow, async (milliseconds, _) =>
        {
            await Task.Delay(int.Parse(milliseconds));
            return milliseconds;
        })
        // A long-running stream: answers each message, ends when the client completes.
        .AddMethod(WaitStream, async (requests, responses, context) =>
        {
            await foreach (var message in requests.ReadAllAsync(context.CancellationToken))
            {
                await responses.WriteAsync(message);
            }
        })
        .Build();

    private static Method<string, string> Unary(string name) => new(MethodType.Unary, ServiceName, name, Marshallers.StringMarshaller, Marshallers.StringMarshaller);
}
