using Grpc.Core;
using Grpc.Testing;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>Deadlines and cancellation, seen from both ends of the call.</summary>
public sealed class DeadlineAndCancellationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TestService.TestServiceClient _client = new(fixture.Channel);
    private readonly CallInvoker _invoker = fixture.Channel.CreateCallInvoker();

    [Fact]
    public async Task TimeoutOnSleepingServer()
    {
        using var call = _client.FullDuplexCall(deadline: DateTime.UtcNow.AddMilliseconds(1));
        try
        {
            var request = new StreamingOutputCallRequest { Payload = new Payload { Body = Google.Protobuf.ByteString.CopyFrom(new byte[27182]) } };
            await call.RequestStream.WriteAsync(request);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            // The deadline may pass before the write.
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task ServerSeesTheDeadlineAndIsCancelledWhenItPasses()
    {
        var id = Guid.NewGuid().ToString();
        var deadline = DateTime.UtcNow.AddSeconds(3);
        var call = _invoker.AsyncUnaryCall(ProbeService.Wait, null, new CallOptions(deadline: deadline), id);
        var context = await fixture.Server.Probe.StartedFor(id).Task.WaitAsync(Patience);
        Assert.InRange(context.Deadline, deadline.AddSeconds(-2), deadline.AddSeconds(2));
        Assert.True(await fixture.Server.Probe.CancelledFor(id).Task.WaitAsync(Patience));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task ServerAnswersDeadlineExceededEvenWhenTheHandlerIgnoresIt()
    {
        using var raw = new RawGrpc(fixture.Server.GrpcAddress);
        var started = DateTime.UtcNow;
        var response = await raw.PostAsync("/test.Probe/Slow", RawGrpc.Frame(System.Text.Encoding.UTF8.GetBytes("3000")), headers: [("grpc-timeout", "200m")]);
        Assert.Equal("4", response.GrpcStatus);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMilliseconds(2500), "the server must not wait for the handler");
    }

    [Fact]
    public async Task DeadlineInThePastFailsWithoutSending()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.EmptyCallAsync(new Empty(), deadline: DateTime.UtcNow.AddSeconds(-1)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task ClientDeadlineIsEnforcedLocallyWhenTheServerIsSilent()
    {
        // A server that accepts connections and never answers: only the client's own timer can end the call.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accepting = listener.AcceptTcpClientAsync();
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new TestService.TestServiceClient(channel);
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<RpcException>(() => client.EmptyCallAsync(new Empty(), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        (await accepting).Dispose();
    }

    [Fact]
    public async Task CancelAfterBegin()
    {
        using var cts = new CancellationTokenSource();
        using var call = _client.StreamingInputCall(cancellationToken: cts.Token);
        cts.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task CancelAfterFirstResponse()
    {
        using var cts = new CancellationTokenSource();
        using var call = _client.FullDuplexCall(cancellationToken: cts.Token);
        var request = new StreamingOutputCallRequest { Payload = new Payload { Body = Google.Protobuf.ByteString.CopyFrom(new byte[27182]) } };
        request.ResponseParameters.Add(new ResponseParameters { Size = 31415 });
        await call.RequestStream.WriteAsync(request);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        cts.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task ClientCancellationReachesTheServer()
    {
        var id = Guid.NewGuid().ToString();
        using var cts = new CancellationTokenSource();
        var call = _invoker.AsyncUnaryCall(ProbeService.Wait, null, new CallOptions(cancellationToken: cts.Token), id);
        await fixture.Server.Probe.StartedFor(id).Task.WaitAsync(Patience);
        cts.Cancel();
        Assert.True(await fixture.Server.Probe.CancelledFor(id).Task.WaitAsync(Patience), "the server's token must fire when the client resets the stream");
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task DisposingACallCancelsIt()
    {
        var id = Guid.NewGuid().ToString();
        var call = _invoker.AsyncUnaryCall(ProbeService.Wait, null, new CallOptions(), id);
        await fixture.Server.Probe.StartedFor(id).Task.WaitAsync(Patience);
        call.Dispose();
        Assert.True(await fixture.Server.Probe.CancelledFor(id).Task.WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ThrowOperationCanceledOptionChangesTheExceptionType()
    {
        using var channel = fixture.Server.CreateChannel(new Grpc.Net.Client.GrpcChannelOptions { ThrowOperationCanceledOnCancellation = true });
        var client = new TestService.TestServiceClient(channel);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EmptyCallAsync(new Empty(), cancellationToken: cts.Token).ResponseAsync);
    }
}
