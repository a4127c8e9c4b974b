using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Hosting;
using Recommender.InterestModel.Persistence;
using Recommender.InterestModel.Service;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>
/// The real interest-model service hosted in-process exactly as Program.cs does (RecommenderHost, AddInterestModel,
/// MapInterestModel) on free loopback ports, with a data directory and a catalog address. Waits for recovery.
/// </summary>
public sealed class InterestModelServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private InterestModelServer(WebApplication app, int grpcPort, int httpPort)
    {
        this.app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new Proto.InterestModel.InterestModelClient(Channel);
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public GrpcChannel Channel { get; }

    public Proto.InterestModel.InterestModelClient Client { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts the service on <paramref name="dataDirectory"/> with the catalog at <paramref name="catalogAddress"/>;
    /// <paramref name="settings"/> are extra <c>Section:Key=value</c> settings.
    /// </summary>
    public static async Task<InterestModelServer> StartAsync(string dataDirectory, string catalogAddress, params string[] settings)
    {
        var grpcPort = Ports.Free();
        var httpPort = Ports.Free();
        string[] args =
        [
            $"--Hosting:GrpcPort={grpcPort}",
            $"--Hosting:HttpPort={httpPort}",
            $"--InterestModel:DataDirectory={dataDirectory}",
            $"--InterestModel:CatalogAddress={catalogAddress}",
            "--InterestModel:PendingPollInterval=00:00:00.200",
            "--InterestModel:CatalogBackoffInitial=00:00:00.100",
            "--InterestModel:CatalogBackoffMax=00:00:00.500",
            .. settings.Select(s => "--" + s),
        ];
        var builder = RecommenderHost.CreateBuilder(args, InterestModelHosting.Identity);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddInterestModel();
        var app = builder.Build();
        app.MapRecommenderDefaults().MapInterestModel();
        await app.StartAsync();
        var server = new InterestModelServer(app, grpcPort, httpPort);
        await server.Store.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    internal InterestStore Store => app.Services.GetRequiredService<InterestStore>();

    /// <summary>Stops gracefully (with the shutdown snapshot unless configured off).</summary>
    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        Channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
