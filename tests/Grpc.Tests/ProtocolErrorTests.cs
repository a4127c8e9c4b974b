using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>Malformed requests each get the right status, and the server keeps serving.</summary>
public sealed class ProtocolErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private const string Unary = "/grpc.testing.TestService/UnaryCall";
    private readonly RawGrpc _raw = new(fixture.Server.GrpcAddress);

    public void Dispose() => _raw.Dispose();

    /// <summary>Grpc.AspNetCore answers a frame it cannot read (an unknown compressed flag, corrupt gzip, garbage protobuf) with UNKNOWN and logs the cause; the message says nothing of the server's internals.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    public async Task UnknownCompressedFlagIsUnknown(byte flag)
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new SimpleRequest().ToByteArray(), flag));
        Assert.Equal("2", response.GrpcStatus);
        Assert.Equal("Exception was thrown by handler.", Decode(response.GrpcMessage));
        await AssertStillServing();
    }

    [Fact]
    public async Task LengthPrefixLargerThanBodyIsInternal()
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new byte[10], declaredLength: 1000));
        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Incomplete message", Decode(response.GrpcMessage));
        await AssertStillServing();
    }

    [Fact]
    public async Task TruncatedHeaderIsInternal()
    {
        var response = await _raw.PostAsync(Unary, [0, 0, 0]);
        Assert.Equal("13", response.GrpcStatus);
        await AssertStillServing();
    }

    [Fact]
    public async Task CompressedFlagWithUnknownEncodingIsUnimplementedAndListsAcceptedEncodings()
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new byte[] { 1, 2, 3 }, flag: 1), headers: [("grpc-encoding", "snappy")]);
        Assert.Equal("12", response.GrpcStatus);
        Assert.Contains("gzip", response.Headers["grpc-accept-encoding"]);
        await AssertStillServing();
    }

    [Fact]
    public async Task CompressedFlagWithoutEncodingIsInternal()
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new byte[] { 1, 2, 3 }, flag: 1));
        Assert.Equal("13", response.GrpcStatus);
        await AssertStillServing();
    }

    [Fact]
    public async Task CorruptGzipIsUnknown()
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new byte[] { 1, 2, 3, 4, 5, 6 }, flag: 1), headers: [("grpc-encoding", "gzip")]);
        Assert.Equal("2", response.GrpcStatus);
        await AssertStillServing();
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("S")]
    public async Task BadTimeoutIsInternalAndNamesTheHeader(string timeout)
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new SimpleRequest()), headers: [("grpc-timeout", timeout)]);
        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("grpc-timeout", Decode(response.GrpcMessage));
        await AssertStillServing();
    }

    [Fact]
    public async Task GarbageProtobufIsUnknown()
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
        Assert.Equal("2", response.GrpcStatus);
        Assert.Equal("Exception was thrown by handler.", Decode(response.GrpcMessage));
        await AssertStillServing();
    }

    [Fact]
    public async Task TwoMessagesInAUnaryRequestIsInternal()
    {
        var one = RawGrpc.Frame(new SimpleRequest { ResponseSize = 1 });
        var response = await _raw.PostAsync(Unary, [.. one, .. one]);
        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Additional data after the message received", Decode(response.GrpcMessage));
        await AssertStillServing();
    }

    [Fact]
    public async Task NoMessageInAUnaryRequestIsInternal()
    {
        var response = await _raw.PostAsync(Unary, []);
        Assert.Equal("13", response.GrpcStatus);
        await AssertStillServing();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/grpc-web")]
    public async Task WrongContentTypeIs415WithAGrpcStatus(string contentType)
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new SimpleRequest()), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains(contentType, Decode(response.GrpcMessage));
        await AssertStillServing();
    }

    [Fact]
    public async Task ContentTypeWithProtoSuffixIsAccepted()
    {
        var response = await _raw.PostAsync(Unary, RawGrpc.Frame(new SimpleRequest { ResponseSize = 1 }), "application/grpc+proto");
        Assert.Equal("0", response.GrpcStatus);
    }

    [Fact]
    public async Task Http11OnTheGrpcPortGetsAnHttpErrorAndTheServerKeepsServing()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.GrpcPort);
        var stream = tcp.GetStream();
        var request = "POST /grpc.testing.TestService/UnaryCall HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        Assert.StartsWith("HTTP/1.1 ", answer);
        Assert.Contains("HTTP/2", answer);
        await AssertStillServing();
    }

    [Fact]
    public async Task RequestThatNeverFinishesSendingEndsAtItsDeadline()
    {
        using var handler = new SocketsHttpHandler();
        using var http = new HttpMessageInvoker(handler);
        var body = new NeverEndingContent();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.GrpcAddress, Unary))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.TryAddWithoutValidation("grpc-timeout", "500m");
        using var response = await http.SendAsync(request, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(response.Headers.GetValues("grpc-status").Single() == "4", string.Join(";", response.Headers.Select(h => $"{h.Key}={string.Join(",", h.Value)}")));
        body.Release();
        await AssertStillServing();
    }

    [Fact]
    public async Task RequestThatNeverFinishesSendingWithoutDeadlineIsCutOffByTheServer()
    {
        await using var server = await TestServer.StartAsync(settings: ["Grpc:RequestReadTimeoutSeconds=1"]);
        using var handler = new SocketsHttpHandler();
        using var http = new HttpMessageInvoker(handler);
        var body = new NeverEndingContent();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.GrpcAddress, Unary))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        using var response = await http.SendAsync(request, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(response.Headers.GetValues("grpc-status").Single() == "4", string.Join(";", response.Headers.Select(h => $"{h.Key}={string.Join(",", h.Value)}")));
        body.Release();
        using var channel = server.CreateChannel();
        Assert.NotNull(await new TestService.TestServiceClient(channel).EmptyCallAsync(new Empty()));
    }

    [Fact]
    public async Task OneHundredFiftyConcurrentLongRunningStreamsFromOneClientAllComplete()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        var calls = Enumerable.Range(0, 150).Select(_ => invoker.AsyncDuplexStreamingCall(ProbeService.WaitStream, null, new CallOptions())).ToList();
        try
        {
            // Every stream is open at the same time: each answers its first message before any is completed.
            for (var i = 0; i < calls.Count; i++)
            {
                await calls[i].RequestStream.WriteAsync($"first {i}");
            }
            foreach (var (call, i) in calls.Select((c, i) => (c, i)))
            {
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
                Assert.Equal($"first {i}", call.ResponseStream.Current);
            }
            foreach (var call in calls)
            {
                await call.RequestStream.CompleteAsync();
            }
            foreach (var call in calls)
            {
                Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
                Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
            }
        }
        finally
        {
            calls.ForEach(c => c.Dispose());
        }
    }

    private async Task AssertStillServing()
    {
        var client = new TestService.TestServiceClient(fixture.Channel);
        var response = await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 3 });
        Assert.Equal(3, response.Payload.Body.Length);
    }

    private static string Decode(string? message) => Uri.UnescapeDataString(message ?? "");

    /// <summary>A request body that sends half a frame and then nothing until released.</summary>
    private sealed class NeverEndingContent : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public NeverEndingContent()
        {
            Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        }

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(new byte[] { 0, 0, 0, 0, 100, 1, 2 });
            await stream.FlushAsync();
            await _release.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
