using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

/// <summary>Loading model directories: several models by name, and every kind of broken directory.</summary>
[Collection(ModelsCollection.Name)]
public sealed class ModelRegistryTests(ModelsFixture models) : IDisposable
{
    private readonly TempDirectory _root = new();

    private string MiniLm => Path.Combine(models.Options.ModelsRoot, ModelNames.MiniLm);

    private string Arctic => Path.Combine(models.Options.ModelsRoot, ModelNames.Arctic);

    [Fact]
    public void RegistryServesEveryBuiltModelByNameAndTheDefaultWithoutOne()
    {
        var registry = models.Registry;

        Assert.True(registry.IsReady);
        Assert.Empty(registry.Errors);
        Assert.Equal(ModelNames.MiniLm, registry.Get(null).Name);
        Assert.Equal(ModelNames.MiniLm, registry.Get("").Name);
        var minilm = registry.Get(ModelNames.MiniLm).Info;
        Assert.Equal(new ModelInfo(ModelNames.MiniLm, 384, 256, "CPUExecutionProvider", TokenizerKind.WordPiece,
            PoolingMode.Mean, true, 30522, "", minilm.Description), minilm);
        var arctic = registry.Get(ModelNames.Arctic).Info;
        Assert.Equal(new ModelInfo(ModelNames.Arctic, 384, 512, "CPUExecutionProvider", TokenizerKind.WordPiece,
            PoolingMode.Cls, true, 30522, "Represent this sentence for searching relevant passages: ", arctic.Description), arctic);
    }

    [Fact]
    public void UnknownModelIsAnErrorListingTheLoadedOnes()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => models.Registry.Get("bge-large"));

        Assert.Contains("unknown model 'bge-large'", error.Message);
        Assert.Contains(ModelNames.MiniLm, error.Message);
        Assert.False(models.Registry.TryGet("bge-large", out _));
    }

    [Fact]
    public void BrokenDirectoriesAreReportedWithFileAndProblemWhileTheOthersLoad()
    {
        AddModel("good");
        AddModel("missing-model", skip: "model.onnx");
        AddModel("missing-vocab", skip: "vocab.txt");
        AddModel("missing-manifest", skip: "encoder.json");
        AddModel("bad-json", manifest: _ => "{ \"tokenizer\": ");
        AddModel("corrupt-onnx", onnx: "this is not a protobuf");
        AddModel("renamed-input", manifest: m => Edit(m, j => j["inputs"]!["input_ids"] = "ids"));
        AddModel("unnamed-input", manifest: m => Edit(m, j => j["inputs"]!.AsObject().Remove("token_type_ids")));
        AddModel("wrong-output", manifest: m => Edit(m, j => j["output"] = "sentence_embedding"));
        AddModel("wrong-pooling", manifest: m => Edit(m, j => j["pooling"] = "none"));
        AddModel("wrong-dimension", from: Arctic, manifest: m => Edit(m, j => j["dimension"] = 100));
        AddModel("wrong-symbolic-dimension", manifest: m => Edit(m, j => j["dimension"] = 100));
        AddModel("vocab-smaller", vocab: lines => lines[..20_000]);
        AddModel("vocab-larger", vocab: lines => [.. lines, "extra1", "extra2"]);
        AddModel("no-unknown-token", vocab: lines => [.. lines.Where(l => l != "[UNK]")]);
        AddModel("duplicate-token", vocab: lines => [.. lines, "the"]);
        Directory.CreateDirectory(Path.Combine(_root.Path, ".staging-skipped"));

        using var registry = Load("good");

        Assert.Equal(["good"], registry.Models.Select(m => m.Name));
        Assert.True(registry.IsReady);
        var errors = registry.Errors.ToDictionary(e => e.Name);
        AssertError(errors, "missing-model", "model.onnx", "missing");
        AssertError(errors, "missing-vocab", "vocab.txt", "missing");
        AssertError(errors, "missing-manifest", "encoder.json", "missing");
        AssertError(errors, "bad-json", "encoder.json", "not a valid manifest");
        AssertError(errors, "corrupt-onnx", "model.onnx", "ONNX Runtime cannot load it");
        AssertError(errors, "renamed-input", "model.onnx", "has input 'input_ids' that encoder.json \"inputs\" does not name");
        AssertError(errors, "unnamed-input", "model.onnx", "has input 'token_type_ids' that encoder.json \"inputs\" does not name");
        AssertError(errors, "wrong-output", "model.onnx", "has no output 'sentence_embedding'");
        AssertError(errors, "wrong-pooling", "model.onnx", "float [batch, dimension] for pooling \"none\" is required");
        AssertError(errors, "wrong-dimension", "model.onnx", "dimension mismatch: output 'last_hidden_state' has 384 values per vector, encoder.json \"dimension\" says 100");
        AssertError(errors, "wrong-symbolic-dimension", "model.onnx", "dimension mismatch: output 'last_hidden_state' has 384 values per vector, encoder.json \"dimension\" says 100");
        AssertError(errors, "vocab-smaller", "vocab.txt", "has 20000 tokens but the model's embedding table has more rows");
        AssertError(errors, "vocab-larger", "vocab.txt", "is larger than the model's embedding table");
        AssertError(errors, "no-unknown-token", "vocab.txt", "[UNK]");
        AssertError(errors, "duplicate-token", "vocab.txt", "line 30523: token 'the' already appears on line 1997");
        Assert.Equal(15, registry.Errors.Count);
    }

    [Fact]
    public void RegistryWithoutTheDefaultModelIsNotReady()
    {
        AddModel("other");

        using var registry = Load(ModelNames.MiniLm);

        Assert.False(registry.IsReady);
        Assert.Equal(["other"], registry.Models.Select(m => m.Name));
        Assert.Throws<KeyNotFoundException>(() => registry.Get(null));
    }

    [Fact]
    public void MissingModelsRootIsReportedAndNotReady()
    {
        var options = new EncoderRuntimeOptions { ModelsRoot = Path.Combine(_root.Path, "absent"), Provider = ExecutionProviderKind.Cpu };
        using var registry = new ModelRegistry(options, NullLogger<ModelRegistry>.Instance);

        registry.LoadAll();

        Assert.False(registry.IsReady);
        Assert.Contains("models root does not exist", Assert.Single(registry.Errors).Problem);
    }

    [Fact]
    public void MaxLengthBeyondTheModelsPositionsFailsAtWarmUp()
    {
        AddModel("too-long", manifest: m => Edit(m, j => j["max_length"] = 600));

        using var registry = Load("too-long", warmUp: true);

        var error = Assert.Single(registry.Errors);
        Assert.EndsWith("encoder.json", error.File);
        Assert.Contains("\"max_length\" 600 does not run", error.Problem);
    }

    [NoGpuFact]
    public void ProviderCudaWithoutCudaFailsEveryModelWithTheReason()
    {
        AddModel("good");
        var options = new EncoderRuntimeOptions { ModelsRoot = _root.Path, DefaultModel = "good", Provider = ExecutionProviderKind.Cuda };
        using var registry = new ModelRegistry(options, NullLogger<ModelRegistry>.Instance);

        registry.LoadAll();

        Assert.False(registry.IsReady);
        var problem = Assert.Single(registry.Errors).Problem;
        Assert.Contains("provider cuda is configured but CUDA is unavailable: missing ", problem);
        Assert.Contains("libonnxruntime_providers_cuda.so (not in this build: build with `make build GPU=1`", problem);
        Assert.Contains("libcudart.so.13", problem);
        Assert.Contains("libcudnn.so.9", problem);
    }

    [NoGpuFact]
    public void ProviderAutoWithoutCudaFallsBackToCpu()
    {
        AddModel("good");
        var options = new EncoderRuntimeOptions { ModelsRoot = _root.Path, DefaultModel = "good", Provider = ExecutionProviderKind.Auto };
        using var registry = new ModelRegistry(options, NullLogger<ModelRegistry>.Instance);

        registry.LoadAll();

        Assert.True(registry.IsReady);
        Assert.Equal(SessionFactory.CpuProvider, registry.Get(null).Info.Provider);
    }

    [Fact]
    public void InvalidOptionsNameTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ModelRegistry(new EncoderRuntimeOptions { InterOpThreads = 0 }, NullLogger<ModelRegistry>.Instance));

        Assert.Contains("Encoder:Runtime:InterOpThreads must be at least 1", error.Message);
    }

    public void Dispose() => _root.Dispose();

    /// <summary>A registry over the test's models root; without warm-up unless asked (it runs max_length tokens per model).</summary>
    private ModelRegistry Load(string defaultModel, bool warmUp = false)
    {
        var options = new EncoderRuntimeOptions { ModelsRoot = _root.Path, DefaultModel = defaultModel, Provider = ExecutionProviderKind.Cpu, WarmUp = warmUp };
        var registry = new ModelRegistry(options, NullLogger<ModelRegistry>.Instance);
        registry.LoadAll();
        return registry;
    }

    /// <summary>A copy of a built model (model.onnx linked, not copied) with one file changed or left out.</summary>
    private void AddModel(string name, string? from = null, string? skip = null, Func<string, string>? manifest = null,
        Func<string[], string[]>? vocab = null, string? onnx = null)
    {
        from ??= MiniLm;
        var dir = Path.Combine(_root.Path, name);
        Directory.CreateDirectory(dir);
        if (skip != "model.onnx")
        {
            var target = Path.Combine(dir, "model.onnx");
            if (onnx is null)
            {
                File.CreateSymbolicLink(target, Path.Combine(from, "model.onnx"));
            }
            else
            {
                File.WriteAllText(target, onnx);
            }
        }
        if (skip != "vocab.txt")
        {
            var lines = File.ReadAllLines(Path.Combine(from, "vocab.txt"));
            File.WriteAllLines(Path.Combine(dir, "vocab.txt"), vocab is null ? lines : vocab(lines));
        }
        if (skip != "encoder.json")
        {
            var json = File.ReadAllText(Path.Combine(from, "encoder.json"));
            File.WriteAllText(Path.Combine(dir, "encoder.json"), manifest is null ? json : manifest(json));
        }
    }

    private static string Edit(string json, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(json)!;
        edit(node);
        return node.ToJsonString();
    }

    private static void AssertError(Dictionary<string, ModelLoadError> errors, string name, string file, string problem)
    {
        Assert.True(errors.TryGetValue(name, out var error), $"no error for '{name}'");
        Assert.Equal(file, Path.GetFileName(error.File));
        Assert.Contains(problem, error.Problem);
    }
}
