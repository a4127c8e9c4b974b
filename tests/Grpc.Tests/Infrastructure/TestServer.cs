using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Hosting;
using Recommender.Interop;

namespace Recommender.Rpc.Tests.Infrastructure;

/// <summary>A real server on loopback: the service host with the interop TestService and the probe service.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, int grpcPort, int httpPort, ProbeState probe)
    {
        _app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Probe = probe;
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public ProbeState Probe { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(
        Action<WebApplicationBuilder>? configure = null, Action<IEndpointRouteBuilder>? map = null, params string[] settings)
    {
        var grpcPort = FreePort();
        var httpPort = FreePort();
        string[] args = [$"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={httpPort}", .. settings.Select(s => "--" + s)];
        var builder = RecommenderHost.CreateBuilder(args, new ServiceIdentity("test", grpcPort, httpPort));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var probe = new ProbeState();
        builder.Services.AddSingleton(probe);
        configure?.Invoke(builder);
        var app = builder.Build();
        var grpc = app.MapRecommenderDefaults();
        grpc.MapGrpcService<TestServiceImpl>();
        grpc.MapGrpcService<XdsUpdateHealthServiceImpl>();
        grpc.MapGrpcService<ProbeServiceImpl>();
        map?.Invoke(grpc);
        await app.StartAsync();
        return new TestServer(app, grpcPort, httpPort, probe);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(GrpcAddress, options ?? new GrpcChannelOptions());

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The one port helper of the test projects (below the ephemeral range, never given twice).</summary>
    public static int FreePort() => Recommender.ClusterHarness.Cluster.FreePort();
}

/// <summary>One shared server for a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Channel = Server.CreateChannel();
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
    }
}
