using Xunit;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Encoder.Service;
using Recommender.Hosting.Health;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>
/// The REAL encoder service (Recommender.Encoder.Program.Build, as its process runs it) in-process on free loopback
/// ports, serving all-minilm-l6-v2 (the default) and arctic-embed-xs on the CPU. Shared by the service tests through <see cref="ServiceCollection"/>.
/// </summary>
public sealed class EncoderHost : IAsyncLifetime
{
    private WebApplication app = null!;

    public string Address { get; private set; } = "";

    public GrpcChannel Channel { get; private set; } = null!;

    public Contracts.V1.Encoder.EncoderClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var grpcPort = Ports.Free();
        app = Recommender.Encoder.Program.Build(
        [
            $"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={Ports.Free()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Encoder:Runtime:ModelsRoot={EncoderModels.Path}", "--Encoder:Runtime:Provider=cpu",
            "--Encoder:Runtime:IntraOpSpinning=false",
        ]);
        await app.StartAsync();
        var readiness = app.Services.GetRequiredService<ServiceReadiness>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!readiness.Conditions[ServedModels.ReadinessCondition].Detail.Contains("serving", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the encoder did not load its models within 3 minutes");
            }
            await Task.Delay(20);
        }
        Address = $"http://127.0.0.1:{grpcPort}";
        Channel = GrpcChannel.ForAddress(Address);
        Client = new Contracts.V1.Encoder.EncoderClient(Channel);
    }

    /// <summary>The encoder's vector for one text (what a catalog item or a query is made of).</summary>
    public async Task<float[]> EmbedAsync(string text)
    {
        var request = new Contracts.V1.EncodeRequest { Model = EncoderModels.Default };
        request.Texts.Add(text);
        var response = await Client.EncodeAsync(request);
        return response.Embeddings[0].Values.ToArray();
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>Service tests share one encoder and run one after another (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<EncoderHost>
{
    public const string Name = "candidate-retrieval service";
}
