using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>The four kinds of call, through our client and our server, as gRPC's interop cases define them.</summary>
public sealed class CallTypesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestService.TestServiceClient _client = new(fixture.Channel);

    [Fact]
    public async Task EmptyUnary()
    {
        var response = await _client.EmptyCallAsync(new Empty());
        Assert.Equal(new Empty(), response);
    }

    [Fact]
    public async Task LargeUnary()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest
        {
            ResponseSize = 314159,
            Payload = new Payload { Body = ByteString.CopyFrom(new byte[271828]) },
        });
        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.All(response.Payload.Body, b => Assert.Equal(0, b));
    }

    [Fact]
    public void BlockingUnary()
    {
        var response = _client.UnaryCall(new SimpleRequest { ResponseSize = 10 });
        Assert.Equal(10, response.Payload.Body.Length);
    }

    [Fact]
    public async Task ClientStreaming()
    {
        using var call = _client.StreamingInputCall();
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[size]) } });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(74922, response.AggregatedPayloadSize);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new[] { 31415, 9, 2653, 58979 }.Select(size => new ResponseParameters { Size = size }));
        using var call = _client.StreamingOutputCall(request);
        var sizes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(response.Payload.Body.Length);
        }
        Assert.Equal(new[] { 31415, 9, 2653, 58979 }, sizes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task PingPong()
    {
        using var call = _client.FullDuplexCall();
        var requestSizes = new[] { 27182, 8, 1828, 45904 };
        var responseSizes = new[] { 31415, 9, 2653, 58979 };
        for (var i = 0; i < requestSizes.Length; i++)
        {
            var request = new StreamingOutputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[requestSizes[i]]) } };
            request.ResponseParameters.Add(new ResponseParameters { Size = responseSizes[i] });
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(responseSizes[i], call.ResponseStream.Current.Payload.Body.Length);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task EmptyStream()
    {
        using var call = _client.FullDuplexCall();
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task HalfDuplexAnswersAfterTheRequestStreamEnds()
    {
        using var call = _client.HalfDuplexCall();
        for (var i = 1; i <= 3; i++)
        {
            var request = new StreamingOutputCallRequest();
            request.ResponseParameters.Add(new ResponseParameters { Size = i });
            await call.RequestStream.WriteAsync(request);
        }
        await call.RequestStream.CompleteAsync();
        var sizes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(response.Payload.Body.Length);
        }
        Assert.Equal(new[] { 1, 2, 3 }, sizes);
    }

    [Fact]
    public async Task WritingAfterCompletionIsRejected()
    {
        using var call = _client.StreamingInputCall();
        await call.RequestStream.CompleteAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new StreamingInputCallRequest()));
        Assert.Equal(0, (await call).AggregatedPayloadSize);
    }

    [Fact]
    public async Task ManyConcurrentUnaryCallsOnOneChannel()
    {
        var calls = Enumerable.Range(0, 200).Select(i => _client.UnaryCallAsync(new SimpleRequest { ResponseSize = i }).ResponseAsync);
        var responses = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 200), responses.Select(r => r.Payload.Body.Length));
    }
}
