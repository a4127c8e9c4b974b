using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using RankingClient = Recommender.Contracts.V1.Ranking.RankingClient;

namespace Recommender.Ranking.Tests.Infrastructure;

/// <summary>The real ranking process (Program.CreateApp) on free loopback ports.</summary>
public sealed class RankingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private RankingServer(WebApplication app, int grpcPort, int httpPort)
    {
        _app = app;
        HttpPort = httpPort;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new RankingClient(_channel);
    }

    public RankingClient Client { get; }

    public int HttpPort { get; }

    public static async Task<RankingServer> StartAsync(params string[] settings)
    {
        var grpcPort = FreePort();
        var httpPort = FreePort();
        string[] args =
        [
            $"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={httpPort}", "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => "--" + s),
        ];
        var app = Program.CreateApp(args);
        await app.StartAsync();
        return new RankingServer(app, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The one port helper of the test projects (below the ephemeral range, never given twice).</summary>
    private static int FreePort() => Recommender.ClusterHarness.Cluster.FreePort();
}
