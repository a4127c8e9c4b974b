using System.Numerics.Tensors;
using Recommender.Encoder.Models;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

/// <summary>End-to-end ONNX inference through <see cref="EncoderModel.Run"/> on both pre-trained models.</summary>
[Collection(ModelsCollection.Name)]
public sealed class InferenceTests(ModelsFixture models)
{
    private static readonly string[] Texts =
    [
        "wireless noise cancelling headphones",
        "tea",
        "Organic green tea from the mountains of Japan, loose leaf, 100 g, with a bamboo scoop",
        "running shoes",
    ];

    [Fact]
    public void MiniLmReturnsOneUnitVectorOfDimension384PerText() => AssertShapeAndNorm(models.MiniLm, 384);

    [Fact]
    public void ArcticReturnsOneUnitVectorOfDimension384PerText() => AssertShapeAndNorm(models.Arctic, 384);

    [Fact]
    public void MiniLmBatchEqualsEachTextAlone() => AssertBatchEqualsSingles(models.MiniLm);

    [Fact]
    public void ArcticBatchEqualsEachTextAlone() => AssertBatchEqualsSingles(models.Arctic);

    [Fact]
    public void PaddingDoesNotChangeAVector()
    {
        var model = models.MiniLm;
        var shortText = model.Tokenizer.Tokenize("short text").Ids;
        var longText = model.Tokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("padding makes this long", 6))).Ids;
        Assert.True(longText.Length > 5 * shortText.Length);

        AssertClose(model.Run([shortText])[0], model.Run([longText, shortText])[1], 1e-5f);
    }

    [Fact]
    public void EmptyBatchReturnsNoVectors() => Assert.Empty(models.MiniLm.Run([]));

    [Fact]
    public void SequenceLongerThanMaxLengthIsRejectedWithTheLimit()
    {
        var model = models.MiniLm;
        var error = Assert.Throws<ArgumentException>(() => model.Run([[101, 102], new int[model.Info.MaxLength + 1]]));

        Assert.Contains("sequence 1", error.Message);
        Assert.Contains($"at most {model.Info.MaxLength}", error.Message);
    }

    [Fact]
    public void TokenIdOutsideTheVocabularyIsRejected()
    {
        var model = models.MiniLm;
        var error = Assert.Throws<ArgumentException>(() => model.Run([[101, model.Info.VocabularySize]]));

        Assert.Contains($"token id {model.Info.VocabularySize}", error.Message);
    }

    [Fact]
    public void ConcurrentRunsReturnTheSameVectorsAsSequentialOnes()
    {
        var model = models.MiniLm;
        var ids = Texts.Select(t => model.Tokenizer.Tokenize(t).Ids).ToArray();
        var expected = ids.Select(i => model.Run([i])[0]).ToArray();

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            AssertClose(expected[i % ids.Length], model.Run([ids[i % ids.Length]])[0], 1e-6f);
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
