using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Tests.Tokenization;

public sealed class WordLevelTokenizerTests
{
    private static readonly Vocabulary Words = new(["[PAD]", "[UNK]", "the", "cafe", "headphones", "wireless", ",", "-", "hip", "hop", "σίσυφος"]);

    private static WordLevelTokenizer Create(int maxLength = 16, bool stripAccents = true) =>
        new(Words, maxLength, new TextNormalization(true, stripAccents));

    [Fact]
    public void WordsAreLowercasedSplitOnPunctuationAndLookedUpWhole()
    {
        var result = Create().Tokenize("Wireless HEADPHONES, the Café hip-hop");

        Assert.Equal(["wireless", "headphones", ",", "the", "cafe", "hip", "-", "hop"], result.Tokens);
        Assert.Equal([5, 4, 6, 2, 3, 8, 7, 9], result.Ids);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void UnknownWordsBecomeTheUnknownToken()
    {
        Assert.Equal(["wireless", "[UNK]", "headphones"], Create().Tokenize("wireless bluetooth headphones").Tokens);
    }

    [Fact]
    public void NoSpecialTokensAreAdded()
    {
        Assert.Empty(Create().Tokenize("   ").Ids);
        Assert.Empty(Create().Tokenize("").Ids);
    }

    [Fact]
    public void TruncationStopsAtMaxLengthAndSaysSo()
    {
        var result = Create(maxLength: 2).Tokenize("the wireless headphones");

        Assert.Equal(["the", "wireless"], result.Tokens);
        Assert.True(result.Truncated);
        Assert.False(Create(maxLength: 3).Tokenize("the wireless headphones").Truncated);
    }

    [Fact]
    public void AccentsAreKeptWhenNotStripped()
    {
        Assert.Equal(["[UNK]"], Create(stripAccents: false).Tokenize("café").Tokens);
        Assert.Equal(["σίσυφος"], Create(stripAccents: false).Tokenize("ΣΊΣΥΦΟΣ").Tokens);
    }

    [Fact]
    public void WordLongerThanAnyTokenIsUnknownWithoutCrashing()
    {
        var result = Create().Tokenize(new string('w', 100_000) + " the \ud800");

        Assert.Equal(["[UNK]", "the"], result.Tokens);
    }

    [Fact]
    public void MissingUnknownTokenIsAClearError()
    {
        var error = Assert.Throws<FormatException>(() =>
            new WordLevelTokenizer(new Vocabulary(["the"]), 8, new TextNormalization(true, true)));

        Assert.Contains("'[UNK]'", error.Message);
    }
}
