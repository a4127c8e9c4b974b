using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Grpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Hosting.Health;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>Health, reflection, server interceptors, HTTP endpoints and graceful shutdown of the service host.</summary>
public sealed class ServerFeaturesTests
{
    [Fact]
    public async Task HealthCheckAndWatchFollowReadiness()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        var health = new Health.HealthClient(channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "grpc.testing.TestService" })).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no.Such" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        using var watch = health.Watch(new HealthCheckRequest { Service = "grpc.testing.TestService" });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);

        var readiness = server.Services.GetRequiredService<ServiceReadiness>();
        readiness.Set("model warm-up", ready: false, "loading");
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        using var http = new HttpClient();
        var notReady = await http.GetAsync($"http://127.0.0.1:{server.HttpPort}/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("model warm-up", await notReady.Content.ReadAsStringAsync());

        readiness.Set("model warm-up", ready: true);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{server.HttpPort}/readyz")).StatusCode);
    }

    [Fact]
    public async Task WatchOfAnUnknownServiceStartsWithServiceUnknown()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "no.Such" });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.ServiceUnknown, watch.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task ReflectionListsServicesAndServesCompleteFiles()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("grpc.testing.TestService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "grpc.testing.TestService.UnaryCall" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        Assert.Equal("grpc/testing/test.proto", files[0].Name);
        foreach (var dependency in files[0].Dependency)
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileByFilename = dependency });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var byName = FileDescriptorProto.Parser.ParseFrom(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto[0]);
            Assert.Equal(dependency, byName.Name);
        }
        // The files returned are enough to build a descriptor pool.
        var built = FileDescriptor.BuildFromByteStrings(files.OrderBy(f => f.Dependency.Count).Select(f => f.ToByteString()).ToList());
        Assert.Contains(built, f => f.Services.Any(s => s.FullName == "grpc.testing.TestService"));

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "no.such.Symbol" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal((int)StatusCode.NotFound, call.ResponseStream.Current.ErrorResponse.ErrorCode);
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task ReflectionV1AlphaAnswersTheSame()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        using var call = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var file = FileDescriptorProto.Parser.ParseFrom(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc.health.v1", file.Package);
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task ServerInterceptorsRunInOrderAndCanReject()
    {
        var order = new List<string>();
        await using var server = await TestServer.StartAsync(builder => builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ServerNamed>("outer", order);
            o.Interceptors.Add<ServerNamed>("inner", order);
            o.Interceptors.Add<RejectWithoutKey>();
        }));
        using var channel = server.CreateChannel();
        var client = new TestService.TestServiceClient(channel);
        var rejected = await Assert.ThrowsAsync<RpcException>(() => client.EmptyCallAsync(new Empty()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, rejected.StatusCode);
        Assert.Equal(new[] { "outer", "inner" }, order);
        Assert.NotNull(await client.EmptyCallAsync(new Empty(), new Metadata { { "x-api-key", "k" } }));
    }

    [Fact]
    public async Task MetricsCountCallsByMethodAndStatus()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        var client = new TestService.TestServiceClient(channel);
        await client.EmptyCallAsync(new Empty());
        await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Code = 5 } }).ResponseAsync);
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/metrics");
        Assert.Matches("rpc_server_calls_total\\{[^}]*method=\"/grpc.testing.TestService/EmptyCall\",[^}]*status=\"0\"[^}]*\\} 1", text);
        Assert.Matches("rpc_server_calls_total\\{[^}]*method=\"/grpc.testing.TestService/UnaryCall\",[^}]*status=\"5\"", text);
        Assert.Contains("rpc_server_call_duration_milliseconds_bucket", text);
    }

    [Fact]
    public async Task HealthAnswersOnBothPortsAndTheRestOnlyOnTheirOwn()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{server.HttpPort}/healthz")).StatusCode);
        using var h2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        Assert.Equal(HttpStatusCode.OK, (await h2.GetAsync($"http://127.0.0.1:{server.GrpcPort}/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h2.GetAsync($"http://127.0.0.1:{server.GrpcPort}/metrics")).StatusCode);
        using var raw = new RawGrpc(new Uri($"http://127.0.0.1:{server.GrpcPort}"));
        Assert.Equal("0", (await raw.PostAsync("/grpc.testing.TestService/EmptyCall", RawGrpc.Frame(new Empty()))).GrpcStatus);
    }

    [Fact]
    public async Task ShutdownDrainsInFlightCallsAndEndsWatches()
    {
        var server = await TestServer.StartAsync();
        using var channel = server.CreateChannel();
        var invoker = channel.CreateCallInvoker();
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var slow = invoker.AsyncUnaryCall(ProbeService.Slow, null, new CallOptions(), "1500");
        await Task.Delay(300);
        var stopping = server.DisposeAsync().AsTask();
        Assert.Equal("1500", await slow.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(20)));
        // The watch sees NOT_SERVING, then ends.
        var statuses = new List<HealthCheckResponse.Types.ServingStatus>();
        try
        {
            while (await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)))
            {
                statuses.Add(watch.ResponseStream.Current.Status);
            }
        }
        catch (RpcException)
        {
            // The stream may be cut when the server closes instead of ending cleanly.
        }
        Assert.Contains(HealthCheckResponse.Types.ServingStatus.NotServing, statuses);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class ServerNamed(string name, List<string> order) : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            order.Add(name);
            return continuation(request, context);
        }
    }

    private sealed class RejectWithoutKey : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
            context.RequestHeaders.GetValue("x-api-key") is null
                ? throw new RpcException(new Status(StatusCode.Unauthenticated, "x-api-key is required."))
                : continuation(request, context);
    }
}
