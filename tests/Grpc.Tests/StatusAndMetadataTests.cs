using System.Text;
using Grpc.Core;
using Grpc.Testing;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>Statuses, messages (percent-encoded, byte-exact) and metadata (ASCII and -bin, headers and trailers).</summary>
public sealed class StatusAndMetadataTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
    private readonly TestService.TestServiceClient _client = new(fixture.Channel);

    [Fact]
    public async Task StatusCodeAndMessageFromUnary()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest
        {
            ResponseStatus = new EchoStatus { Code = 2, Message = "test status message" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal("test status message", error.Status.Detail);
    }

    [Fact]
    public async Task StatusCodeAndMessageFromDuplex()
    {
        using var call = _client.FullDuplexCall();
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = 2, Message = "test status message" } });
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal("test status message", error.Status.Detail);
        Assert.Equal(StatusCode.Unknown, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task SpecialStatusMessageRoundTripsExactly()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest
        {
            ResponseStatus = new EchoStatus { Code = 2, Message = SpecialMessage },
        }).ResponseAsync);
        Assert.Equal(Encoding.UTF8.GetBytes(SpecialMessage), Encoding.UTF8.GetBytes(error.Status.Detail));
    }

    [Fact]
    public async Task StatusMessageIsPercentEncodedOnTheWire()
    {
        using var raw = new RawGrpc(fixture.Server.GrpcAddress);
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = "50% ☺" } };
        var response = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(request));
        Assert.Equal("2", response.GrpcStatus);
        Assert.Equal("50%25 %E2%98%BA", response.GrpcMessage);
    }

    [Fact]
    public async Task ErrorWithoutMessageIsTrailersOnly()
    {
        using var raw = new RawGrpc(fixture.Server.GrpcAddress);
        var response = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(new SimpleRequest { ResponseStatus = new EchoStatus { Code = 9, Message = "no" } }));
        Assert.True(response.IsTrailersOnly, $"status should travel in the only HEADERS frame: {response}");
        Assert.Equal("9", response.Headers["grpc-status"]);
        Assert.Equal("application/grpc", response.Headers["content-type"]);
    }

    [Fact]
    public async Task SuccessfulUnaryHasStatusInTrailers()
    {
        using var raw = new RawGrpc(fixture.Server.GrpcAddress);
        var response = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(new SimpleRequest { ResponseSize = 3 }));
        Assert.False(response.Headers.ContainsKey("grpc-status"));
        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.Equal(5 + SimpleResponseSize(3), response.Body.Length);
    }

    [Fact]
    public async Task CustomMetadataOnUnary()
    {
        var headers = new Metadata
        {
            { "x-grpc-test-echo-initial", "test_initial_metadata_value" },
            { "x-grpc-test-echo-trailing-bin", new byte[] { 0xab, 0xab, 0xab } },
        };
        using var call = _client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159 }, headers);
        await call;
        Assert.Equal("test_initial_metadata_value", (await call.ResponseHeadersAsync).GetValue("x-grpc-test-echo-initial"));
        Assert.Equal(new byte[] { 0xab, 0xab, 0xab }, call.GetTrailers().GetValueBytes("x-grpc-test-echo-trailing-bin"));
    }

    [Fact]
    public async Task CustomMetadataOnDuplex()
    {
        var headers = new Metadata
        {
            { "x-grpc-test-echo-initial", "test_initial_metadata_value" },
            { "x-grpc-test-echo-trailing-bin", new byte[] { 0xab, 0xab, 0xab } },
        };
        using var call = _client.FullDuplexCall(headers);
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 314159 });
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
        Assert.Equal("test_initial_metadata_value", (await call.ResponseHeadersAsync).GetValue("x-grpc-test-echo-initial"));
        Assert.Equal(new byte[] { 0xab, 0xab, 0xab }, call.GetTrailers().GetValueBytes("x-grpc-test-echo-trailing-bin"));
    }

    [Fact]
    public async Task BinaryMetadataSurvivesEveryByteValue()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        var allBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var headers = new Metadata { { "echo-all-bin", allBytes }, { "echo-text", "plain value" } };
        using var call = invoker.AsyncUnaryCall(ProbeService.Echo, null, new CallOptions(headers), "hi");
        Assert.Equal("hi", await call);
        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.Equal(allBytes, responseHeaders.GetValueBytes("echo-all-bin"));
        Assert.Equal("plain value", responseHeaders.GetValue("echo-text"));
        Assert.Equal(allBytes, call.GetTrailers().GetValueBytes("echo-all-bin"));
    }

    [Fact]
    public async Task UnimplementedMethod()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UnimplementedCallAsync(new Empty()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task UnimplementedService()
    {
        var client = new UnimplementedService.UnimplementedServiceClient(fixture.Channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnimplementedCallAsync(new Empty()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("Service is unimplemented.", error.Status.Detail);
    }

    [Fact]
    public async Task UnknownMethodOfKnownServiceSaysMethod()
    {
        using var raw = new RawGrpc(fixture.Server.GrpcAddress);
        var response = await raw.PostAsync("/grpc.testing.TestService/NoSuchMethod", RawGrpc.Frame(new Empty()));
        Assert.Equal("12", response.GrpcStatus);
        Assert.StartsWith("Method is unimplemented", Uri.UnescapeDataString(response.GrpcMessage!));
    }

    [Fact]
    public async Task UnhandledExceptionIsUnknownWithoutDetails()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        var error = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(ProbeService.Throw, null, new CallOptions(), "").ResponseAsync);
        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
        Assert.DoesNotContain("secret", error.Message);
    }

    private static int SimpleResponseSize(int payloadBytes) => new SimpleResponse { Payload = new Payload { Body = Google.Protobuf.ByteString.CopyFrom(new byte[payloadBytes]) } }.CalculateSize();
}
