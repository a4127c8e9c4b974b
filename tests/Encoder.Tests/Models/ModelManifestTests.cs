using Recommender.Encoder.Models;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

public sealed class ModelManifestTests : IDisposable
{
    private const string Valid = """
        { "tokenizer": "wordpiece", "max_length": 128,
          "inputs": { "input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids" },
          "output": "last_hidden_state", "pooling": "mean" }
        """;

    private readonly TempDirectory _dir = new();

    [Fact]
    public void ValidManifestLoadsWithDocumentedDefaults()
    {
        var manifest = ModelManifest.Load(Write(Valid));

        Assert.Equal(TokenizerKind.WordPiece, manifest.Tokenizer);
        Assert.Equal(128, manifest.MaxLength);
        Assert.Equal(PoolingMode.Mean, manifest.Pooling);
        Assert.True(manifest.Lowercase);
        Assert.Null(manifest.StripAccents);
        Assert.True(manifest.Normalize);
        Assert.Equal("[UNK]", manifest.UnknownToken);
        Assert.Equal("token_type_ids", manifest.Inputs!.TokenTypeIds);
    }

    [Theory]
    [InlineData("{ not json", "not a valid manifest")]
    [InlineData("null", "null")]
    [InlineData("""{ "max_length": 128, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean" }""", "\"tokenizer\" is required")]
    [InlineData("""{ "tokenizer": "sentencepiece", "max_length": 128 }""", "tokenizer")]
    [InlineData("""{ "tokenizer": "wordpiece", "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean" }""", "\"max_length\" is required")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 2, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean" }""", "between 3 and 8192, got 2")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 100000, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean" }""", "between 3 and 8192, got 100000")]
    [InlineData("""{ "tokenizer": "word_level", "max_length": 100, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean" }""", "not a valid manifest")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "output": "o", "pooling": "mean" }""", "\"inputs\" is required")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "attention_mask": "b" }, "output": "o", "pooling": "mean" }""", "\"inputs.input_ids\" is required")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "input_ids": "a" }, "output": "o", "pooling": "mean" }""", "\"inputs.attention_mask\" is required")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "input_ids": "a", "attention_mask": "b" }, "pooling": "mean" }""", "\"output\" is required")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o" }""", "\"pooling\" is required")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "max" }""", "pooling")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean", "dimension": 0 }""", "\"dimension\" must be at least 1")]
    [InlineData("""{ "tokenizer": "wordpiece", "max_length": 128, "inputs": { "input_ids": "a", "attention_mask": "b" }, "output": "o", "pooling": "mean", "poolng": "cls" }""", "poolng")]
    public void InvalidManifestNamesTheFileAndTheProblem(string json, string problem)
    {
        var path = Write(json);

        var error = Assert.Throws<ModelLoadException>(() => ModelManifest.Load(path));

        Assert.Equal(path, error.File);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith(path + ": ", error.Message);
    }

    [Fact]
    public void MissingManifestSaysWhichFilesAModelNeeds()
    {
        var path = Path.Combine(_dir.Path, ModelManifest.FileName);

        var error = Assert.Throws<ModelLoadException>(() => ModelManifest.Load(path));

        Assert.Contains("missing", error.Problem);
    }

    public void Dispose() => _dir.Dispose();

    private string Write(string json)
    {
        var path = Path.Combine(_dir.Path, ModelManifest.FileName);
        File.WriteAllText(path, json);
        return path;
    }
}
