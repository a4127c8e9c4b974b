using System.Numerics.Tensors;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

/// <summary>
/// The models are the published ones: all-MiniLM-L6-v2's value from sentence-transformers, the arctic
/// model card's scores (with its query prefix), and related texts nearer than unrelated ones.
/// </summary>
[Collection(EncoderServerCollection.Name)]
public sealed class SemanticsTests(EncoderServerFixture encoder)
{
    [Fact]
    public async Task DefaultModelGivesThePublishedAllMiniLmL6V2Vector()
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "This is an example sentence" } });

        Assert.Equal(ModelNames.MiniLm, response.Model);
        Assert.Equal(384, response.Dimension);
        float[] published = [0.0677f, 0.0635f, 0.0487f, 0.0793f, 0.0374f];
        var actual = response.Embeddings[0].Values.Take(5).ToArray();
        Assert.True(published.Zip(actual).All(p => Math.Abs(p.First - p.Second) < 0.0005f),
            $"first five components {string.Join(", ", actual.Select(v => v.ToString("F4")))}, published {string.Join(", ", published)}");
    }

    [Fact]
    public async Task ArcticQueryScoresMatchTheModelCard()
    {
        var query = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "what is snowflake?" }, Model = ModelNames.Arctic, Query = true });
        var documents = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "The Data Cloud!", "Mexico City of Course!" }, Model = ModelNames.Arctic });
        var withoutPrefix = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "what is snowflake?" }, Model = ModelNames.Arctic });

        var q = query.Embeddings[0].Values.ToArray();
        Assert.Equal(0.5752f, TensorPrimitives.Dot(q, documents.Embeddings[0].Values.ToArray()), 0.001f);
        Assert.Equal(0.4580f, TensorPrimitives.Dot(q, documents.Embeddings[1].Values.ToArray()), 0.001f);
        Assert.True(TensorPrimitives.Dot(q, withoutPrefix.Embeddings[0].Values.ToArray()) < 0.99f, "the query prefix must change the vector");
    }

    [Theory]
    [InlineData("wireless headphones", "bluetooth earbuds", "garden hose")]
    [InlineData("running shoes", "jogging sneakers", "kitchen knife")]
    [InlineData("romantic comedy movie", "love story film", "power drill")]
    [InlineData("the best laptop for programming", "a fast notebook computer for coding", "organic green tea")]
    [InlineData("science fiction novel", "space opera book", "red lipstick")]
    [InlineData("a horror movie with zombies", "scary film about the undead", "a cookbook of italian recipes")]
    [InlineData("dog food", "puppy treats", "car tires")]
    public async Task AnchorIsNearerToTheRelatedTextThanToTheUnrelatedOne(string anchor, string related, string unrelated)
    {
        var response = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { anchor, related, unrelated } });
        var vectors = response.Embeddings.Select(e => e.Values.ToArray()).ToArray();

        var near = TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
        var far = TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]);

        Assert.True(near > far + 0.2f, $"'{anchor}': '{related}' {near:F3}, '{unrelated}' {far:F3}");
    }
}
