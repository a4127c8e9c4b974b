using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.CandidateRetrieval.Persistence;
using Recommender.CandidateRetrieval.Service;
using Recommender.Hosting;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>
/// The real candidate-retrieval service hosted in-process exactly as Program.cs does (CreateBuilder,
/// AddCandidateRetrieval, MapCandidateRetrieval) on free loopback ports, with a data directory and an encoder address.
/// Waits for recovery. Talk to it with <see cref="Client"/>, the generated client.
/// </summary>
internal sealed class RetrievalServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private RetrievalServer(WebApplication app, int grpcPort, int httpPort)
    {
        this.app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
        Client = new Proto.CandidateRetrieval.CandidateRetrievalClient(Channel);
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public GrpcChannel Channel { get; }

    public Proto.CandidateRetrieval.CandidateRetrievalClient Client { get; }

    internal CatalogStore Store => app.Services.GetRequiredService<CatalogStore>();

    /// <summary>
    /// Starts the service on <paramref name="dataDirectory"/> with the encoder at <paramref name="encoderAddress"/>;
    /// <paramref name="settings"/> are extra <c>Section:Key=value</c> settings.
    /// </summary>
    public static async Task<RetrievalServer> StartAsync(string dataDirectory, string encoderAddress, params string[] settings)
    {
        var grpcPort = Ports.Free();
        var httpPort = Ports.Free();
        string[] args =
        [
            $"--Hosting:GrpcPort={grpcPort}",
            $"--Hosting:HttpPort={httpPort}",
            $"--CandidateRetrieval:DataDirectory={dataDirectory}",
            $"--CandidateRetrieval:EncoderAddress={encoderAddress}",
            .. settings.Select(s => "--" + s),
        ];
        var builder = CandidateRetrievalHosting.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCandidateRetrieval();
        var app = builder.Build();
        app.MapRecommenderDefaults().MapCandidateRetrieval();
        await app.StartAsync();
        var server = new RetrievalServer(app, grpcPort, httpPort);
        await server.Store.WhenReady.WaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

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
