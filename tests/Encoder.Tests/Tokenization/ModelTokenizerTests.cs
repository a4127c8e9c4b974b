using Recommender.Encoder.Tests.Support;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Tests.Tokenization;

/// <summary>
/// The model's tokenizer beyond the conformance file: truncation, hostile input, offsets, decoding and
/// vocabulary errors, on all-minilm-l6-v2's vocabulary (BERT base uncased).
/// </summary>
public sealed class ModelTokenizerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static string Vocabulary => Path.Combine(BuiltModels.EnsureBuilt(), ModelNames.MiniLm, "vocab.txt");

    private static ModelTokenizer Create(int maxLength, bool lowercase = true) => ModelTokenizer.Load(Vocabulary, maxLength, lowercase, lowercase);

    /// <summary>Token strings as Tokenize RPC shows them, checked against the ids the model gets.</summary>
    private static string[] Tokens(ModelTokenizer tokenizer, string text)
    {
        var (tokens, _) = tokenizer.Explain(text);
        Assert.Equal(tokenizer.Tokenize(text).Ids, tokens.Select(t => t.Id));
        return [.. tokens.Select(t => t.Value)];
    }

    [Fact]
    public void TruncationKeepsClsAndSepAndSaysSo()
    {
        var tokenizer = Create(6);
        var result = tokenizer.Tokenize("one two three four five six");

        Assert.Equal(["[CLS]", "one", "two", "three", "four", "[SEP]"], Tokens(tokenizer, "one two three four five six"));
        Assert.True(result.Truncated);
        Assert.Equal(6, result.Count);
    }

    [Fact]
    public void TextThatExactlyFitsIsNotTruncated()
    {
        var tokenizer = Create(6);

        Assert.Equal(["[CLS]", "one", "two", "three", "four", "[SEP]"], Tokens(tokenizer, "one two three four  \t"));
        Assert.False(tokenizer.Tokenize("one two three four  \t").Truncated);
    }

    [Fact]
    public void TruncationCanCutInsideAWord()
    {
        var tokenizer = Create(4);

        Assert.Equal(["[CLS]", "super", "##cal", "[SEP]"], Tokens(tokenizer, "supercalifragilisticexpialidocious"));
        Assert.True(tokenizer.Tokenize("supercalifragilisticexpialidocious").Truncated);
    }

    [Fact]
    public void HundredThousandCharacterTextStopsAtMaxLength()
    {
        var text = string.Concat(Enumerable.Repeat("headphones ", 10_000)) + new string('x', 100_000);

        var result = Create(512).Tokenize(text);

        Assert.Equal(512, result.Count);
        Assert.True(result.Truncated);
        Assert.Equal(102, result.Ids[^1]);
    }

    [Fact]
    public void WordsLongerThanTheLimitBecomeOneUnknownToken()
    {
        var tokenizer = Create(512);

        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens(tokenizer, new string('a', 100_000)));
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens(tokenizer, new string('a', ModelTokenizer.MaxWordLength + 1)));
        Assert.NotEqual(100, tokenizer.Tokenize(new string('a', ModelTokenizer.MaxWordLength)).Ids[1]);
    }

    [Theory]
    [InlineData("\ud800 lone high \udfff lone low", "[CLS] lone high lone low [SEP]")]
    [InlineData("abc\ud800def", "[CLS] abc ##de ##f [SEP]")]
    [InlineData("\u0000\u0001\u0007\u001b\u007f\u200b\u200d\ufeff", "[CLS] [SEP]")]
    [InlineData(" \t\r\n\u00a0\u2003\u3000 ", "[CLS] [SEP]")]
    [InlineData("", "[CLS] [SEP]")]
    [InlineData("line\u2028break\u2029here", "[CLS] line break here [SEP]")]
    [InlineData("\ufffd replacement", "[CLS] replacement [SEP]")]
    [InlineData("tab\tand\nnewline", "[CLS] tab and new ##line [SEP]")]
    [InlineData("costs $5 😀", "[CLS] costs $ 5 [UNK] [SEP]")]
    [InlineData("[SEP] is text", "[CLS] [ sep ] is text [SEP]")]
    public void HostileInputIsCleanedNotFatal(string text, string expected)
    {
        var tokenizer = Create(512);

        Assert.Equal(expected, string.Join(' ', Tokens(tokenizer, text)));
        Assert.False(tokenizer.Tokenize(text).Truncated);
    }

    [Fact]
    public void OffsetsPointIntoTheNormalizedText()
    {
        var (tokens, normalized) = Create(64).Explain("Crème Brûlée, unaffable");

        Assert.Equal("creme brulee, unaffable", normalized);
        Assert.Equal(["", "cr", "eme", "br", "ule", "e", ",", "una", "ffa", "ble", ""],
            tokens.Select(t => normalized[t.Offset]).ToArray());
    }

    [Fact]
    public void DecodingJoinsPiecesAndLeavesOutSpecialTokens()
    {
        var tokenizer = Create(64);

        Assert.Equal("hello, world! unaffable", tokenizer.Decode(tokenizer.Tokenize("Hello, World! unaffable").Ids));
    }

    [Fact]
    public void CasedModelsKeepCaseAndAccents()
    {
        var tokenizer = Create(64, lowercase: false);

        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens(tokenizer, "Hello"));
        Assert.Equal(["[CLS]", "hello", "[SEP]"], Tokens(tokenizer, "hello"));
    }

    [Theory]
    [InlineData("[PAD]\n[UNK]\n[CLS]\nhello\n", "the vocabulary has no '[SEP]' token")]
    [InlineData("\n", "the file holds no tokens")]
    [InlineData("[PAD]\n\n[UNK]\n", "line 2 is empty; every line must hold one token")]
    public void ABadVocabularyIsAClearError(string content, string message)
    {
        var path = Path.Combine(_directory.Path, "vocab.txt");
        File.WriteAllText(path, content);

        Assert.Equal(message, Assert.Throws<FormatException>(() => ModelTokenizer.Load(path, 16, true, true)).Message);
    }

    [Fact]
    public void MaxLengthBelowThreeIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelTokenizer.Load(Vocabulary, 2, true, true));

    public void Dispose() => _directory.Dispose();
}
