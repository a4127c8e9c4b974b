using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts.V1;
using Recommender.Encoder.Service;
using Recommender.Hosting.Health;

namespace Recommender.Encoder.Tests.Support;

/// <summary>The real encoder process (Program.Build) on loopback with free ports, for RPC tests.</summary>
public sealed class EncoderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EncoderServer(WebApplication app, int grpcPort, int httpPort)
    {
        _app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new Contracts.V1.Encoder.EncoderClient(Channel);
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public GrpcChannel Channel { get; }

    public Contracts.V1.Encoder.EncoderClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ServedModels Models => Services.GetRequiredService<ServedModels>();

    public ServiceReadiness Readiness => Services.GetRequiredService<ServiceReadiness>();

    /// <summary>
    /// Starts the encoder on <paramref name="modelsRoot"/> (CPU, one intra-op thread per worker) with
    /// extra settings "Section:Key=value", and waits until loading has finished (ready or not).
    /// </summary>
    public static async Task<EncoderServer> StartAsync(string modelsRoot, params string[] settings)
    {
        var grpcPort = FreePort();
        var httpPort = FreePort();
        string[] args =
        [
            $"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={httpPort}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Recommender.Encoder.Service.ServedModels=Critical",
            $"--Encoder:Runtime:ModelsRoot={modelsRoot}", "--Encoder:Runtime:Provider=cpu",
            .. settings.Select(s => "--" + s),
        ];
        var app = Program.Build(args);
        await app.StartAsync();
        var server = new EncoderServer(app, grpcPort, httpPort);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!server.Readiness.Conditions[ServedModels.ReadinessCondition].Detail.Contains("serving", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException("the encoder did not finish loading its models in 3 minutes");
            }

            await Task.Delay(20);
        }

        return server;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The one port helper of the test projects (below the ephemeral range, never given twice).</summary>
    private static int FreePort() => Recommender.ClusterHarness.Cluster.FreePort();
}

/// <summary>One encoder on the built models (all-minilm-l6-v2, the default, and arctic-embed-xs) shared by a test collection.</summary>
public sealed class EncoderServerFixture : IAsyncLifetime
{
    public EncoderServer Server { get; private set; } = null!;

    public Contracts.V1.Encoder.EncoderClient Client => Server.Client;

    public async Task InitializeAsync() => Server = await EncoderServer.StartAsync(BuiltModels.EnsureBuilt(), "Encoder:Limits:MaxStreamChunksInFlight=2");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EncoderServerCollection : ICollectionFixture<EncoderServerFixture>
{
    public const string Name = "encoder server";
}
