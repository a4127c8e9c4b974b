using System.Numerics.Tensors;
using Recommender.Encoder.Models;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

/// <summary>End-to-end ONNX inference through <see cref="EncoderModel.Run"/> on both built models.</summary>
[Collection(ModelsCollection.Name)]
public sealed class InferenceTests(ModelsFixture models)
{
    private static readonly string[] Texts =
    [
        "wireless noise cancelling headphones",
        "tea",
        "Organic green tea from the mountains of Japan, loose leaf, 100 g, with a bamboo scoop and a tin to keep it fresh",
        "running shoes",
    ];

    [Fact]
    public void GloveReturnsOneUnitVectorOfDimension100PerText() => AssertShapeAndNorm(models.Glove, 100);

    [MiniLmFact]
    public void MiniLmReturnsOneUnitVectorOfDimension384PerText() => AssertShapeAndNorm(models.MiniLm, 384);

    [Fact]
    public void GloveBatchEqualsEachTextAlone() => AssertBatchEqualsSingles(models.Glove);

    [MiniLmFact]
    public void MiniLmBatchEqualsEachTextAlone() => AssertBatchEqualsSingles(models.MiniLm);

    [MiniLmFact]
    public void MiniLmPaddingDoesNotChangeAVector()
    {
        var model = models.MiniLm;
        var shortText = model.Tokenizer.Tokenize("short text").Ids;
        var longText = model.Tokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("padding makes this one long", 20))).Ids;
        Assert.True(longText.Length > 5 * shortText.Length);

        var alone = model.Run([shortText])[0];
        var padded = model.Run([longText, shortText])[1];

        AssertClose(alone, padded, 1e-5f);
    }

    [Fact]
    public void GlovePaddingDoesNotChangeAVector()
    {
        var model = models.Glove;
        var shortText = model.Tokenizer.Tokenize("garden hose").Ids;
        var longText = model.Tokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("a much longer text", 30))).Ids;

        AssertClose(model.Run([shortText])[0], model.Run([shortText, longText])[0], 1e-6f);
    }

    [MiniLmFact]
    public void MiniLmDistinguishesTexts()
    {
        var model = models.MiniLm;
        var vectors = model.Run([model.Tokenizer.Tokenize("first text").Ids, model.Tokenizer.Tokenize("something else entirely").Ids]);
        Assert.True(TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]) < 0.9999f);
    }

    [Fact]
    public void GloveUnknownWordsDoNotMoveTheVector()
    {
        var model = models.Glove;
        var known = model.Tokenizer.Tokenize("garden hose");
        var withUnknown = model.Tokenizer.Tokenize("garden qzxqzxunknownword hose zzqqxxyy");
        Assert.Contains("[UNK]", withUnknown.Tokens);

        AssertClose(model.Run([known.Ids])[0], model.Run([withUnknown.Ids])[0], 1e-6f);
    }

    [Fact]
    public void GloveTextWithoutKnownWordsIsTheZeroVector()
    {
        var model = models.Glove;
        var vectors = model.Run([model.Tokenizer.Tokenize("qzxqzxunknownword").Ids, model.Tokenizer.Tokenize("   ").Ids]);

        Assert.All(vectors, v => Assert.All(v, x => Assert.Equal(0f, x)));
    }

    [Fact]
    public void EmptyBatchReturnsNoVectors() => Assert.Empty(models.Glove.Run([]));

    [Fact]
    public void SequenceLongerThanMaxLengthIsRejectedWithTheLimit()
    {
        var model = models.Glove;
        var error = Assert.Throws<ArgumentException>(() => model.Run([[2], new int[model.Info.MaxLength + 1]]));

        Assert.Contains("sequence 1", error.Message);
        Assert.Contains($"at most {model.Info.MaxLength}", error.Message);
    }

    [Fact]
    public void TokenIdOutsideTheVocabularyIsRejected()
    {
        var model = models.Glove;
        var error = Assert.Throws<ArgumentException>(() => model.Run([[2, model.Info.VocabularySize]]));

        Assert.Contains($"token id {model.Info.VocabularySize}", error.Message);
    }

    [Fact]
    public void ConcurrentRunsReturnTheSameVectorsAsSequentialOnes()
    {
        var model = models.Glove;
        var ids = Texts.Select(t => model.Tokenizer.Tokenize(t).Ids).ToArray();
        var expected = model.Run(ids);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var actual = model.Run([ids[i % ids.Length]])[0];
            AssertClose(expected[i % ids.Length], actual, 1e-6f);
        });
    }

    private static void AssertShapeAndNorm(EncoderModel model, int dimension)
    {
        var vectors = model.Run(Texts.Select(t => model.Tokenizer.Tokenize(t).Ids).ToArray());

        Assert.Equal(Texts.Length, vectors.Length);
        Assert.Equal(dimension, model.Info.Dimension);
        Assert.All(vectors, v =>
        {
            Assert.Equal(dimension, v.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(v), 4);
            Assert.All(v, x => Assert.True(float.IsFinite(x)));
        });
    }

    private static void AssertBatchEqualsSingles(EncoderModel model)
    {
        var ids = Texts.Select(t => model.Tokenizer.Tokenize(t).Ids).ToArray();
        var batch = model.Run(ids);
        for (var i = 0; i < ids.Length; i++)
        {
            AssertClose(model.Run([ids[i]])[0], batch[i], 1e-5f);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
