using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>Corrupt or mismatched model directories at start: named in the readiness detail, the other models served.</summary>
public sealed class ModelDirectoryTests
{
    private static readonly Dictionary<string, string> MiniLmFiles = new()
    {
        ["model.onnx"] = ModelNames.MiniLm,
        ["vocab.txt"] = ModelNames.MiniLm,
        ["encoder.json"] = ModelNames.MiniLm,
    };

    [Fact]
    public async Task CorruptAndMismatchedDirectoriesAreReportedAndTheOthersServed()
    {
        using var root = new ModelsRoot().Link(ModelNames.MiniLm);
        var broken = root.Compose("broken", MiniLmFiles, new Dictionary<string, byte[]> { ["model.onnx"] = Encoding.ASCII.GetBytes("this is not an ONNX model") });
        var manifest = File.ReadAllText(Path.Combine(BuiltModels.EnsureBuilt(), ModelNames.MiniLm, "encoder.json"));
        var mismatched = root.Compose("mismatched", MiniLmFiles, new Dictionary<string, byte[]>
        {
            ["encoder.json"] = Encoding.UTF8.GetBytes(manifest.Replace("\"dimension\": 384", "\"dimension\": 300", StringComparison.Ordinal)),
        });
        await using var server = await EncoderServer.StartAsync(root.Path);

        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        var models = await server.Client.ListModelsAsync(new ListModelsRequest());
        var detail = server.Readiness.Conditions["encoder models"].Detail;
        var encoded = await server.Client.EncodeAsync(new EncodeRequest { Texts = { "still serving" } });
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.EncodeAsync(new EncodeRequest { Texts = { "x" }, Model = "broken" }).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal([ModelNames.MiniLm], models.Models.Select(m => m.Name));
        Assert.Contains($"model 'broken': {Path.Combine(broken, "model.onnx")}: ONNX Runtime cannot load it", detail);
        Assert.Contains($"model 'mismatched': {Path.Combine(mismatched, "model.onnx")}: dimension mismatch", detail);
        Assert.Equal(384, encoded.Dimension);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Contains($"this encoder serves {ModelNames.MiniLm}", unknown.Status.Detail);
    }

    [Fact]
    public async Task ACorruptDefaultModelKeepsTheServiceNotReadyAndSaysWhy()
    {
        using var root = new ModelsRoot();
        var minilm = root.Compose(ModelNames.MiniLm, MiniLmFiles, new Dictionary<string, byte[]> { ["vocab.txt"] = Encoding.UTF8.GetBytes("dog\ndog\n") });
        await using var server = await EncoderServer.StartAsync(root.Path);

        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.EncodeAsync(new EncodeRequest { Texts = { "x" } }).ResponseAsync);
        using var http = new HttpClient();
        var ready = await http.GetAsync($"http://127.0.0.1:{server.HttpPort}/readyz");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"{Path.Combine(minilm, "vocab.txt")}: line 2: token 'dog' already appears on line 1", error.Status.Detail);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains($"default model '{ModelNames.MiniLm}' not loaded", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AMissingModelsRootIsNamed()
    {
        using var root = new ModelsRoot();
        var missing = Path.Combine(root.Path, "nothing-here");
        await using var server = await EncoderServer.StartAsync(missing);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.EncodeAsync(new EncodeRequest { Texts = { "x" } }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"{missing}: models root does not exist", error.Status.Detail);
    }
}
