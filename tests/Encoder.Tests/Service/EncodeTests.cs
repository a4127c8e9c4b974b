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

        Assert.Equal(ModelNames.MiniLm, response.Model);
        Assert.Equal(384, response.Dimension);
        Assert.Equal(3, response.Embeddings.Count);
        Assert.All(response.Embeddings, e =>
        {
            Assert.Equal(384, e.Values.Count);
            Assert.Equal(1f, TensorPrimitives.Norm(e.Values.ToArray()), 1e-4f);
            Assert.False(e.Truncated);
        });
        Assert.Equal([5, 4, 8], response.Embeddings.Select(e => e.TokenCount)); // [CLS] wire ##less head ##phones [SEP], ...
    }

    [Fact]
    public async Task VectorsAreTheModelsOwnInRequestOrder()
    {
        string[] texts = ["running shoes", "a cookbook of italian recipes", "dog food"];
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { texts } });

        var model = encoder.Server.Models.Resolve(ModelNames.MiniLm).Model;
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = model.Run([model.Tokenizer.Tokenize(texts[i]).Ids])[0];
            Assert.All(alone.Zip(response.Embeddings[i].Values), p => Assert.Equal(p.First, p.Second, 1e-5f));
        }
    }

    [Fact]
    public async Task RepeatedAndCachedTextsGetEqualVectors()
    {
        var first = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "blue running shoes", "blue running shoes" } });
        var again = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "blue running shoes" } });

        Assert.Equal(first.Embeddings[0].Values, first.Embeddings[1].Values);
        Assert.Equal(first.Embeddings[0].Values, again.Embeddings[0].Values);
    }

    [Fact]
    public async Task ANamedModelAnswersWithItsDimensionAndSpecialTokensCounted()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "hello world" }, Model = ModelNames.Arctic });

        Assert.Equal(ModelNames.Arctic, response.Model);
        Assert.Equal(384, response.Dimension);
        Assert.Equal(384, response.Embeddings[0].Values.Count);
        Assert.Equal(4, response.Embeddings[0].TokenCount); // [CLS] hello world [SEP]
    }

    [Fact]
    public async Task ATextLongerThanTheModelAllowsIsTruncatedAndSaysSo()
    {
        var longText = string.Join(' ', Enumerable.Repeat("headphones", 1000));

        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { longText, "short" } });

        Assert.True(response.Embeddings[0].Truncated);
        Assert.Equal(256, response.Embeddings[0].TokenCount);
        Assert.False(response.Embeddings[1].Truncated);
        var cut = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { longText } });
        Assert.Equal("[SEP]", cut.Texts[0].Tokens[^1]);
        Assert.Equal(256, cut.Texts[0].Ids.Count);
    }

    [Fact]
    public async Task EmptyAndWhitespaceTextsAreClsAndSep()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "", " \u3000\t\n ", "dog" } });

        Assert.Equal([2, 2, 3], response.Embeddings.Select(e => e.TokenCount));
        Assert.Equal(response.Embeddings[0].Values, response.Embeddings[1].Values);
        Assert.All(response.Embeddings, e => Assert.Equal(1f, TensorPrimitives.Norm(e.Values.ToArray()), 1e-4f));
    }

    [Fact]
    public async Task AQueryGetsTheModelsPrefixAndADocumentDoesNot()
    {
        var query = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "snowflake" }, Model = ModelNames.Arctic, Query = true });
        var document = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "snowflake" }, Model = ModelNames.Arctic });
        var minilmQuery = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "snowflake" }, Query = true });

        Assert.Equal("[CLS] represent this sentence for searching relevant passages : snow ##fl ##ake [SEP]", string.Join(' ', query.Texts[0].Tokens));
        Assert.Equal("[CLS] snow ##fl ##ake [SEP]", string.Join(' ', document.Texts[0].Tokens));
        Assert.Equal("[CLS] snow ##fl ##ake [SEP]", string.Join(' ', minilmQuery.Texts[0].Tokens));
    }

    [Fact]
    public async Task ControlCharactersAreDroppedAsBertDoes()
    {
        var dirty = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "\u0007wireless\u0000 head\u001bphones\u0001\u200b" } });
        var clean = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "wireless headphones" } });

        Assert.Equal(clean.Embeddings[0].Values, dirty.Embeddings[0].Values);
    }
}
