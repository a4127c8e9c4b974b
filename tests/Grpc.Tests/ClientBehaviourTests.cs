using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>What a client needs beyond the happy path: clear failures, connection reuse, interceptors, credentials.</summary>
public sealed class ClientBehaviourTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task UnreachableServerIsUnavailable()
    {
        var port = TestServer.FreePort();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var error = await Assert.ThrowsAsync<RpcException>(() => new TestService.TestServiceClient(channel).EmptyCallAsync(new Empty()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task ServerThatClosesTheConnectionIsUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Every connection is closed at once (the client may try more than one).
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                socket.Close();
            }
        });
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var error = await Assert.ThrowsAsync<RpcException>(() => new TestService.TestServiceClient(channel).EmptyCallAsync(new Empty(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task DisposedChannelRefusesCalls()
    {
        var channel = fixture.Server.CreateChannel();
        channel.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => new TestService.TestServiceClient(channel).EmptyCallAsync(new Empty()).ResponseAsync);
    }

    [Fact]
    public async Task SequentialCallsReuseOneConnection()
    {
        var connections = new HashSet<string>();
        var interceptor = new PeerRecorder(connections);
        await using var server = await TestServer.StartAsync(builder => Record(builder, interceptor));
        using var channel = server.CreateChannel();
        var client = new TestService.TestServiceClient(channel);
        for (var i = 0; i < 20; i++)
        {
            await client.EmptyCallAsync(new Empty());
        }
        Assert.Single(connections);
    }

    [Fact]
    public async Task ClientInterceptorsWrapCallsInOrder()
    {
        var order = new List<string>();
        var invoker = fixture.Channel.CreateCallInvoker().Intercept(new NamedInterceptor("outer", order), new NamedInterceptor("inner", order));
        var client = new TestService.TestServiceClient(invoker);
        await client.EmptyCallAsync(new Empty());
        Assert.Equal(new[] { "outer", "inner" }, order);
    }

    [Fact]
    public async Task MetadataInterceptorAndCallCredentialsAddHeaders()
    {
        // Grpc.Net.Client sends call credentials over cleartext only when told to.
        using var channel = fixture.Server.CreateChannel(new Grpc.Net.Client.GrpcChannelOptions { UnsafeUseInsecureChannelCallCredentials = true });
        var invoker = channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("echo-from-interceptor", "yes");
            return metadata;
        });
        var credentials = CallCredentials.FromInterceptor((context, metadata) =>
        {
            metadata.Add("echo-from-credentials", context.MethodName);
            return Task.CompletedTask;
        });
        using var call = invoker.AsyncUnaryCall(ProbeService.Echo, null, new CallOptions(credentials: credentials), "x");
        await call;
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("yes", headers.GetValue("echo-from-interceptor"));
        Assert.Equal("Echo", headers.GetValue("echo-from-credentials"));
    }

    [Fact]
    public async Task StatusIsOnlyAvailableAfterTheCallEnds()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        using var call = invoker.AsyncDuplexStreamingCall(ProbeService.WaitStream, null, new CallOptions());
        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    /// <summary>Records the peer (client address and port = one connection) of every call.</summary>
    private sealed class PeerRecorder(HashSet<string> peers) : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            lock (peers)
            {
                peers.Add(context.Peer);
            }
            return continuation(request, context);
        }

        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            lock (peers)
            {
                peers.Add(context.Peer);
            }
            return continuation(requestStream, responseStream, context);
        }
    }

    private sealed class NamedInterceptor(string name, List<string> order) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            order.Add(name);
            return continuation(request, context);
        }
    }

    private static void Record(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, PeerRecorder interceptor)
    {
        builder.Services.AddSingleton(interceptor);
        builder.Services.AddGrpc(o => o.Interceptors.Add<PeerRecorder>());
    }
}
