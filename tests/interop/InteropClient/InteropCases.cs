using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Testing;

namespace Recommender.Interop.Client;

/// <summary>
/// gRPC's interop test cases (doc/interop-test-descriptions.md) plus health and reflection, as the
/// Python, Go and Node clients in tests/interop run them. Each case throws <see cref="CaseFailedException"/>
/// (or the RpcException it did not expect) when the server misbehaves.
/// </summary>
public static class InteropCases
{
    public const string SpecialStatusMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    public static readonly IReadOnlyDictionary<string, Func<GrpcChannel, Task>> All = new Dictionary<string, Func<GrpcChannel, Task>>
    {
        ["empty_unary"] = EmptyUnary,
        ["large_unary"] = LargeUnary,
        ["client_streaming"] = ClientStreaming,
        ["server_streaming"] = ServerStreaming,
        ["ping_pong"] = PingPong,
        ["empty_stream"] = EmptyStream,
        ["status_code_and_message"] = StatusCodeAndMessage,
        ["special_status_message"] = SpecialStatus,
        ["custom_metadata"] = CustomMetadata,
        ["unimplemented_method"] = UnimplementedMethod,
        ["unimplemented_service"] = UnimplementedService,
        ["timeout_on_sleeping_server"] = TimeoutOnSleepingServer,
        ["cancel_after_begin"] = CancelAfterBegin,
        ["cancel_after_first_response"] = CancelAfterFirstResponse,
        ["health_check"] = HealthCases.Check,
        ["health_watch"] = HealthCases.Watch,
        ["reflection_v1"] = ReflectionCases.V1,
        ["reflection_v1alpha"] = ReflectionCases.V1Alpha,
    };

    private static TestService.TestServiceClient Client(GrpcChannel channel) => new(channel);

    private static async Task EmptyUnary(GrpcChannel channel)
    {
        var response = await Client(channel).EmptyCallAsync(new Empty());
        Expect(response.Equals(new Empty()), "EmptyCall returned a non-empty message");
    }

    private static async Task LargeUnary(GrpcChannel channel)
    {
        var response = await Client(channel).UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) });
        ExpectPayload(response.Payload, 314159);
    }

    private static async Task ClientStreaming(GrpcChannel channel)
    {
        using var call = Client(channel).StreamingInputCall();
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Expect(response.AggregatedPayloadSize == 74922, $"aggregated_payload_size {response.AggregatedPayloadSize}, expected 74922");
    }

    private static async Task ServerStreaming(GrpcChannel channel)
    {
        var sizes = new[] { 31415, 9, 2653, 58979 };
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(sizes.Select(size => new ResponseParameters { Size = size }));
        using var call = Client(channel).StreamingOutputCall(request);
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            ExpectPayload(response.Payload, sizes[Math.Min(received.Count, sizes.Length - 1)]);
            received.Add(response.Payload.Body.Length);
        }
        Expect(received.SequenceEqual(sizes), $"received sizes {string.Join(",", received)}, expected {string.Join(",", sizes)}");
    }

    private static async Task PingPong(GrpcChannel channel)
    {
        var requestSizes = new[] { 27182, 8, 1828, 45904 };
        var responseSizes = new[] { 31415, 9, 2653, 58979 };
        using var call = Client(channel).FullDuplexCall();
        for (var i = 0; i < requestSizes.Length; i++)
        {
            var request = new StreamingOutputCallRequest { Payload = Zeros(requestSizes[i]) };
            request.ResponseParameters.Add(new ResponseParameters { Size = responseSizes[i] });
            await call.RequestStream.WriteAsync(request);
            Expect(await call.ResponseStream.MoveNext(CancellationToken.None), $"stream ended before response {i + 1}");
            ExpectPayload(call.ResponseStream.Current.Payload, responseSizes[i]);
        }
        await call.RequestStream.CompleteAsync();
        Expect(!await call.ResponseStream.MoveNext(CancellationToken.None), "extra response after the last ping");
    }

    private static async Task EmptyStream(GrpcChannel channel)
    {
        using var call = Client(channel).FullDuplexCall();
        await call.RequestStream.CompleteAsync();
        Expect(!await call.ResponseStream.MoveNext(CancellationToken.None), "a response arrived for an empty stream");
    }

    private static async Task StatusCodeAndMessage(GrpcChannel channel)
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        await ExpectStatus(StatusCode.Unknown, "test status message", () => Client(channel).UnaryCallAsync(new SimpleRequest { ResponseStatus = status }).ResponseAsync);
        using var call = Client(channel).FullDuplexCall();
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.RequestStream.CompleteAsync();
        await ExpectStatus(StatusCode.Unknown, "test status message", () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private static Task SpecialStatus(GrpcChannel channel) =>
        ExpectStatus(StatusCode.Unknown, SpecialStatusMessage, () => Client(channel).UnaryCallAsync(new SimpleRequest
        {
            ResponseStatus = new EchoStatus { Code = 2, Message = SpecialStatusMessage },
        }).ResponseAsync);

    private static async Task CustomMetadata(GrpcChannel channel)
    {
        var trailingValue = new byte[] { 0xab, 0xab, 0xab };
        var headers = new Metadata { { "x-grpc-test-echo-initial", "test_initial_metadata_value" }, { "x-grpc-test-echo-trailing-bin", trailingValue } };
        using (var unary = Client(channel).UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, headers))
        {
            await unary;
            ExpectEchoedMetadata(await unary.ResponseHeadersAsync, unary.GetTrailers(), trailingValue);
        }
        using var duplex = Client(channel).FullDuplexCall(headers);
        var request = new StreamingOutputCallRequest { Payload = Zeros(271828) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 314159 });
        await duplex.RequestStream.WriteAsync(request);
        await duplex.RequestStream.CompleteAsync();
        while (await duplex.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
        ExpectEchoedMetadata(await duplex.ResponseHeadersAsync, duplex.GetTrailers(), trailingValue);
    }

    private static Task UnimplementedMethod(GrpcChannel channel) =>
        ExpectStatus(StatusCode.Unimplemented, null, () => Client(channel).UnimplementedCallAsync(new Empty()).ResponseAsync);

    private static Task UnimplementedService(GrpcChannel channel) =>
        ExpectStatus(StatusCode.Unimplemented, null, () => new Grpc.Testing.UnimplementedService.UnimplementedServiceClient(channel).UnimplementedCallAsync(new Empty()).ResponseAsync);

    private static async Task TimeoutOnSleepingServer(GrpcChannel channel)
    {
        using var call = Client(channel).FullDuplexCall(deadline: DateTime.UtcNow.AddMilliseconds(1));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            // The deadline may already have passed.
        }
        await ExpectStatus(StatusCode.DeadlineExceeded, null, () => call.ResponseStream.MoveNext(CancellationToken.None));
        await EmptyUnary(channel);
    }

    private static async Task CancelAfterBegin(GrpcChannel channel)
    {
        using var cts = new CancellationTokenSource();
        using var call = Client(channel).StreamingInputCall(cancellationToken: cts.Token);
        cts.Cancel();
        await ExpectStatus(StatusCode.Cancelled, null, () => call.ResponseAsync);
        await EmptyUnary(channel);
    }

    private static async Task CancelAfterFirstResponse(GrpcChannel channel)
    {
        using var cts = new CancellationTokenSource();
        using var call = Client(channel).FullDuplexCall(cancellationToken: cts.Token);
        var request = new StreamingOutputCallRequest { Payload = Zeros(27182) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 31415 });
        await call.RequestStream.WriteAsync(request);
        Expect(await call.ResponseStream.MoveNext(CancellationToken.None), "no first response");
        cts.Cancel();
        await ExpectStatus(StatusCode.Cancelled, null, () => call.ResponseStream.MoveNext(CancellationToken.None));
        await EmptyUnary(channel);
    }

    internal static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };

    private static void ExpectPayload(Payload payload, int size)
    {
        Expect(payload.Type == PayloadType.Compressable, $"payload type {payload.Type}, expected COMPRESSABLE");
        Expect(payload.Body.Length == size, $"payload of {payload.Body.Length} bytes, expected {size}");
        Expect(payload.Body.All(b => b == 0), "payload is not all zeros");
    }

    private static void ExpectEchoedMetadata(Metadata headers, Metadata trailers, byte[] trailingValue)
    {
        Expect(headers.GetValue("x-grpc-test-echo-initial") == "test_initial_metadata_value", "initial metadata was not echoed");
        Expect(trailers.GetValueBytes("x-grpc-test-echo-trailing-bin")?.SequenceEqual(trailingValue) == true, "binary trailing metadata was not echoed");
    }

    internal static async Task ExpectStatus(StatusCode code, string? detail, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            Expect(ex.StatusCode == code, $"status {ex.StatusCode} ({ex.Status.Detail}), expected {code}");
            Expect(detail is null || Encoding.UTF8.GetBytes(ex.Status.Detail).SequenceEqual(Encoding.UTF8.GetBytes(detail)),
                $"message {Escape(ex.Status.Detail)}, expected {Escape(detail!)}");
            return;
        }
        throw new CaseFailedException($"the call succeeded, expected {code}");
    }

    internal static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new CaseFailedException(failure);
        }
    }

    private static string Escape(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}

/// <summary>A case's check failed.</summary>
public sealed class CaseFailedException(string message) : Exception(message);
