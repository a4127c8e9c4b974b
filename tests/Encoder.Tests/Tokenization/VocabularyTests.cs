using Recommender.Encoder.Tests.Support;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Tests.Tokenization;

public sealed class VocabularyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void IdsAreLineNumbersAndContinuationsAreFoundWithoutTheirPrefix()
    {
        var vocabulary = Vocabulary.Load(Write("[PAD]\n[UNK]\nplay\n##ing\n"));

        Assert.Equal(4, vocabulary.Count);
        Assert.True(vocabulary.TryGetId("play".AsSpan(), out var play));
        Assert.Equal(2, play);
        Assert.True(vocabulary.TryGetContinuationId("ing".AsSpan(), out var ing));
        Assert.Equal(3, ing);
        Assert.False(vocabulary.TryGetId("ing".AsSpan(), out _));
        Assert.Equal("##ing", vocabulary[3]);
    }

    [Theory]
    [InlineData("a\n\nb\n", "line 2 is empty")]
    [InlineData("a\nb\na\n", "line 3: token 'a' already appears on line 1")]
    [InlineData("", "no tokens")]
    public void BadFilesAreRejectedNamingTheLine(string content, string problem)
    {
        var error = Assert.Throws<FormatException>(() => Vocabulary.Load(Write(content)));

        Assert.Contains(problem, error.Message);
    }

    public void Dispose() => _dir.Dispose();

    private string Write(string content)
    {
        var path = Path.Combine(_dir.Path, "vocab.txt");
        File.WriteAllText(path, content);
        return path;
    }
}
