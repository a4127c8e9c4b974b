using Recommender.Encoder.Tests.Support;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Tests.Tokenization;

/// <summary>WordPiece behaviour beyond the conformance file: truncation and hostile input.</summary>
public sealed class BertTokenizerTests
{
    private static readonly Lazy<Vocabulary> BertVocabulary = new(() => Vocabulary.Load(RepositoryPaths.BertVocabulary!));

    private static BertTokenizer Create(int maxLength) => new(BertVocabulary.Value, maxLength, new TextNormalization(true, true));

    [SharedDataFact]
    public void TruncationKeepsClsAndSepAndSaysSo()
    {
        var result = Create(6).Tokenize("one two three four five six");

        Assert.Equal(["[CLS]", "one", "two", "three", "four", "[SEP]"], result.Tokens);
        Assert.True(result.Truncated);
        Assert.Equal(6, result.Count);
    }

    [SharedDataFact]
    public void TextThatExactlyFitsIsNotTruncated()
    {
        var result = Create(6).Tokenize("one two three four");

        Assert.Equal(["[CLS]", "one", "two", "three", "four", "[SEP]"], result.Tokens);
        Assert.False(result.Truncated);
    }

    [SharedDataFact]
    public void TruncationCanCutInsideAWord()
    {
        var result = Create(4).Tokenize("supercalifragilisticexpialidocious");

        Assert.Equal(["[CLS]", "super", "##cal", "[SEP]"], result.Tokens);
        Assert.True(result.Truncated);
    }

    [SharedDataFact]
    public void HundredThousandCharacterTextStopsAtMaxLength()
    {
        var text = string.Concat(Enumerable.Repeat("headphones ", 10_000)) + new string('x', 100_000);

        var result = Create(512).Tokenize(text);

        Assert.Equal(512, result.Count);
        Assert.True(result.Truncated);
        Assert.Equal("[SEP]", result.Tokens[^1]);
    }

    [SharedDataFact]
    public void HundredThousandCharacterWordBecomesOneUnknownToken()
    {
        var result = Create(512).Tokenize(new string('a', 100_000));

        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], result.Tokens);
        Assert.False(result.Truncated);
    }

    [SharedDataTheory]
    [InlineData("\ud800 lone high \udfff lone low", "[CLS] lone high lone low [SEP]")]
    [InlineData("abc\ud800def", "[CLS] abc ##de ##f [SEP]")]
    [InlineData("\u0000\u0001\u0007\u001b\u007f\u200b\u200d\ufeff", "[CLS] [SEP]")]
    [InlineData(" \t\r\n\u00a0\u2003\u3000 ", "[CLS] [SEP]")]
    [InlineData("", "[CLS] [SEP]")]
    [InlineData("line\u2028break\u2029here", "[CLS] line break here [SEP]")]
    [InlineData("\ufffd replacement", "[CLS] replacement [SEP]")]
    public void HostileInputIsCleanedNotFatal(string text, string expected)
    {
        var result = Create(512).Tokenize(text);

        Assert.Equal(expected, string.Join(' ', result.Tokens));
        Assert.False(result.Truncated);
    }

    [SharedDataFact]
    public void CasedModelsKeepCaseAndAccents()
    {
        var tokenizer = new BertTokenizer(BertVocabulary.Value, 64, new TextNormalization(false, false));

        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], tokenizer.Tokenize("Hello").Tokens);
        Assert.Equal(["[CLS]", "hello", "[SEP]"], tokenizer.Tokenize("hello").Tokens);
    }

    [Fact]
    public void MissingSpecialTokenIsAClearError()
    {
        var vocabulary = new Vocabulary(["[PAD]", "[UNK]", "[CLS]", "hello"]);

        var error = Assert.Throws<FormatException>(() => new BertTokenizer(vocabulary, 16, new TextNormalization(true, true)));

        Assert.Contains("'[SEP]'", error.Message);
    }

    [Fact]
    public void MaxLengthBelowTwoIsRejected()
    {
        var vocabulary = new Vocabulary(["[UNK]", "[CLS]", "[SEP]"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => new BertTokenizer(vocabulary, 1, new TextNormalization(true, true)));
    }

    [Fact]
    public void GreedyLongestMatchUsesContinuationPieces()
    {
        var vocabulary = new Vocabulary(["[UNK]", "[CLS]", "[SEP]", "un", "unaff", "##aff", "##able", "##a", "##ble"]);
        var tokenizer = new BertTokenizer(vocabulary, 16, new TextNormalization(true, true));

        Assert.Equal(["[CLS]", "unaff", "##able", "[SEP]"], tokenizer.Tokenize("unaffable").Tokens);
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], tokenizer.Tokenize("unx").Tokens);
    }
}
