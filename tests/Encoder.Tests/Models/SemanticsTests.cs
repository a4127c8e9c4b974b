using System.Numerics.Tensors;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

/// <summary>The default model (GloVe) has real semantics: related texts are nearer than unrelated ones.</summary>
[Collection(ModelsCollection.Name)]
public sealed class SemanticsTests(ModelsFixture models)
{
    [Theory]
    [InlineData("wireless headphones", "bluetooth earbuds", "garden hose")]
    [InlineData("running shoes", "jogging sneakers", "kitchen knife")]
    [InlineData("romantic comedy movie", "love story film", "power drill")]
    [InlineData("the best laptop for programming", "a fast notebook computer for coding", "organic green tea")]
    [InlineData("science fiction novel", "space opera book", "red lipstick")]
    [InlineData("a horror movie with zombies", "scary film about the undead", "a cookbook of italian recipes")]
    [InlineData("dog food", "puppy treats", "car tires")]
    public void AnchorIsNearerToTheRelatedTextThanToTheUnrelatedOne(string anchor, string related, string unrelated)
    {
        var model = models.Registry.Get(null);
        Assert.Equal("glove-100d", model.Name);
        var vectors = model.Run([.. new[] { anchor, related, unrelated }.Select(t => model.Tokenizer.Tokenize(t).Ids)]);

        var near = TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
        var far = TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]);

        Assert.True(near > far + 0.1f, $"'{anchor}': '{related}' {near:F3}, '{unrelated}' {far:F3}");
    }
}
