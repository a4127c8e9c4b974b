using System.Numerics.Tensors;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>Encode through a real server on loopback with the generated client.</summary>
[Collection(EncoderServerCollection.Name)]
public sealed class EncodeTests(EncoderServerFixture encoder)
{
    [Fact]
    public async Task OneUnitVectorPerTextFromTheDefaultModel()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "wireless headphones", "garden hose", "noise cancelling wireless headphones" } });

        Assert.Equal("glove-100d", response.Model);
        Assert.Equal(100, response.Dimension);
        Assert.Equal(3, response.Embeddings.Count);
        Assert.All(response.Embeddings, e =>
        {
            Assert.Equal(100, e.Values.Count);
            Assert.Equal(1f, TensorPrimitives.Norm(e.Values.ToArray()), 1e-4f);
            Assert.False(e.Truncated);
        });
        Assert.Equal([2, 2, 4], response.Embeddings.Select(e => e.TokenCount));
    }

    [Fact]
    public async Task VectorsAreTheModelsOwnInRequestOrder()
    {
        string[] texts = ["running shoes", "a cookbook of italian recipes", "dog food"];
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { texts } });

        var model = encoder.Server.Models.Resolve("glove-100d").Model;
        var expected = model.Run([.. texts.Select(t => model.Tokenizer.Tokenize(t).Ids)]);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i], response.Embeddings[i].Values);
        }
    }

    [Theory]
    [InlineData("wireless headphones", "bluetooth earbuds", "garden hose")]
    [InlineData("running shoes", "jogging sneakers", "kitchen knife")]
    [InlineData("science fiction novel", "space opera book", "red lipstick")]
    public async Task TheDefaultModelHasRealSemanticsThroughTheRpc(string anchor, string related, string unrelated)
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { anchor, related, unrelated } });

        var vectors = response.Embeddings.Select(e => e.Values.ToArray()).ToArray();
        var near = TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
        var far = TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]);
        Assert.True(near > far + 0.1f, $"'{anchor}': '{related}' {near:F3}, '{unrelated}' {far:F3}");
    }

    [Fact]
    public async Task RepeatedAndCachedTextsGetEqualVectors()
    {
        var first = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "blue running shoes", "blue running shoes" } });
        var again = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "blue running shoes" } });

        Assert.Equal(first.Embeddings[0].Values, first.Embeddings[1].Values);
        Assert.Equal(first.Embeddings[0].Values, again.Embeddings[0].Values);
    }

    [MiniLmFact]
    public async Task ANamedModelAnswersWithItsDimensionAndSpecialTokensCounted()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "hello world" }, Model = "minilm-l6-shape" });

        Assert.Equal("minilm-l6-shape", response.Model);
        Assert.Equal(384, response.Dimension);
        Assert.Equal(384, response.Embeddings[0].Values.Count);
        Assert.Equal(4, response.Embeddings[0].TokenCount); // [CLS] hello world [SEP]
    }

    [MiniLmFact]
    public async Task ATextLongerThanTheModelAllowsIsTruncatedAndSaysSo()
    {
        var longText = string.Join(' ', Enumerable.Repeat("headphones", 1000));

        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { longText, "short" }, Model = "minilm-l6-shape" });

        Assert.True(response.Embeddings[0].Truncated);
        Assert.Equal(256, response.Embeddings[0].TokenCount);
        Assert.False(response.Embeddings[1].Truncated);
        var cut = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { longText }, Model = "minilm-l6-shape" });
        Assert.Equal("[SEP]", cut.Texts[0].Tokens[^1]);
        Assert.Equal(256, cut.Texts[0].Ids.Count);
    }

    [Fact]
    public async Task OnlyWhitespaceEmbedsAsTheModelsEmptyInput()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "", "   \t\n ", "dog" } });

        Assert.Equal(0, response.Embeddings[0].TokenCount);
        Assert.Equal(0, response.Embeddings[1].TokenCount);
        Assert.All(response.Embeddings[0].Values, v => Assert.Equal(0f, v)); // glove-100d: masked mean of nothing
        Assert.Equal(response.Embeddings[0].Values, response.Embeddings[1].Values);
        Assert.Equal(1f, TensorPrimitives.Norm(response.Embeddings[2].Values.ToArray()), 1e-4f);
    }

    [MiniLmFact]
    public async Task OnlyWhitespaceIsClsAndSepForAWordPieceModel()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { " \u3000\t" }, Model = "minilm-l6-shape" });

        Assert.Equal(2, response.Embeddings[0].TokenCount);
        Assert.Equal(1f, TensorPrimitives.Norm(response.Embeddings[0].Values.ToArray()), 1e-4f);
    }

    [Fact]
    public async Task ControlCharactersAreDroppedAsBertDoes()
    {
        var dirty = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "\u0007wireless\u0000 head\u001bphones\u0001\u200b" } });
        var clean = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "wireless headphones" } });

        Assert.Equal(clean.Embeddings[0].Values, dirty.Embeddings[0].Values);
    }
}
