using System.IO.Compression;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Testing;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>Message size limits (both directions, both ends) and gzip compression both ways.</summary>
public sealed class LimitsAndCompressionTests
{
    [Fact]
    public async Task DefaultLimitIsFourMebibytesAndOverItIsResourceExhausted()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = null });
        var client = new TestService.TestServiceClient(channel);
        var fits = await client.UnaryCallAsync(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[4 * 1024 * 1024 - 64]) } });
        Assert.NotNull(fits);
        var tooBig = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[4 * 1024 * 1024 + 1]) } }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, tooBig.StatusCode);
        var tooBigResponse = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseSize = 4 * 1024 * 1024 + 1 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, tooBigResponse.StatusCode);
        Assert.Contains("Sending message exceeds", tooBigResponse.Status.Detail);
    }

    [Fact]
    public async Task ServerLimitsAreConfigurable()
    {
        await using var server = await TestServer.StartAsync(settings: ["Grpc:MaxReceiveMessageSize=1000", "Grpc:MaxSendMessageSize=2000"]);
        using var channel = server.CreateChannel();
        var client = new TestService.TestServiceClient(channel);
        var receive = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[1001]) } }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, receive.StatusCode);
        Assert.Contains("exceeds the maximum configured message size", receive.Status.Detail);
        var send = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseSize = 2001 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, send.StatusCode);
        Assert.Equal(1500, (await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1500 })).Payload.Body.Length);
    }

    [Fact]
    public async Task ClientReceiveLimitIsEnforced()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 100 });
        var client = new TestService.TestServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseSize = 200 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task ClientSendLimitIsEnforcedBeforeSending()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 100 });
        var client = new TestService.TestServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[200]) } }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task GzipRequestIsDecompressedByTheServer()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        var client = new TestService.TestServiceClient(channel);
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var response = await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 10, Payload = new Payload { Body = ByteString.CopyFrom(new byte[271828]) } }, headers);
        Assert.Equal(10, response.Payload.Body.Length);
        using var call = client.StreamingInputCall(headers);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[27182]) } });
        await call.RequestStream.CompleteAsync();
        Assert.Equal(27182, (await call).AggregatedPayloadSize);
    }

    [Fact]
    public async Task CompressedFrameOnTheWireIsDecompressed()
    {
        await using var server = await TestServer.StartAsync();
        using var raw = new RawGrpc(server.GrpcAddress);
        var payload = Gzip(new SimpleRequest { ResponseSize = 7 }.ToByteArray());
        var response = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(payload, flag: 1), headers: [("grpc-encoding", "gzip")]);
        Assert.Equal("0", response.GrpcStatus);
    }

    [Fact]
    public async Task ServerCompressesResponsesWhenConfiguredAndAccepted()
    {
        await using var server = await TestServer.StartAsync(settings: ["Grpc:ResponseCompressionAlgorithm=gzip"]);
        using var raw = new RawGrpc(server.GrpcAddress);
        var compressed = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(new SimpleRequest { ResponseSize = 10_000 }), headers: [("grpc-accept-encoding", "identity,gzip")]);
        Assert.Equal("gzip", compressed.Headers["grpc-encoding"]);
        Assert.Equal(1, compressed.Body[0]);
        Assert.True(compressed.Body.Length < 1000, "10 kB of zeros compress well");
        var identity = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(new SimpleRequest { ResponseSize = 10_000 }), headers: [("grpc-accept-encoding", "identity")]);
        Assert.False(identity.Headers.ContainsKey("grpc-encoding"));
        Assert.Equal(0, identity.Body[0]);

        using var channel = server.CreateChannel();
        var response = await new TestService.TestServiceClient(channel).UnaryCallAsync(new SimpleRequest { ResponseSize = 10_000 });
        Assert.Equal(10_000, response.Payload.Body.Length);
    }

    [Fact]
    public async Task HandlerCanAskForACompressedResponse()
    {
        await using var server = await TestServer.StartAsync();
        using var raw = new RawGrpc(server.GrpcAddress);
        var request = new SimpleRequest { ResponseSize = 5000, ResponseCompressed = new BoolValue { Value = true } };
        var response = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(request), headers: [("grpc-accept-encoding", "gzip")]);
        Assert.Equal("gzip", response.Headers["grpc-encoding"]);
        Assert.Equal(1, response.Body[0]);
    }

    [Fact]
    public async Task DecompressionBombIsStoppedAtTheLimit()
    {
        await using var server = await TestServer.StartAsync(settings: ["Grpc:MaxReceiveMessageSize=100000"]);
        using var raw = new RawGrpc(server.GrpcAddress);
        var bomb = Gzip(new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[10_000_000]) } }.ToByteArray());
        Assert.True(bomb.Length < 100000);
        var response = await raw.PostAsync("/grpc.testing.TestService/UnaryCall", RawGrpc.Frame(bomb, flag: 1), headers: [("grpc-encoding", "gzip")]);
        Assert.Equal("8", response.GrpcStatus);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
