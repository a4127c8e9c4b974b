using Microsoft.ML.Tokenizers;

namespace Recommender.Encoder.Tokenization;

/// <summary>
/// A model's tokenizer: Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> (WordPiece over the
/// model's vocab.txt, special tokens, decoding) with BERT-exact normalisation and word splitting
/// (<see cref="BertNormalizer"/>, <see cref="BertPreTokenizer"/>), truncated to the model's maximum
/// length with [CLS] and [SEP] kept. Thread-safe.
/// </summary>
public sealed class ModelTokenizer
{
    /// <summary>Longest word WordPiece tries to split (BERT's max_input_chars_per_word); longer words become [UNK].</summary>
    public const int MaxWordLength = 100;

    private readonly BertTokenizer _bert;

    private ModelTokenizer(BertTokenizer bert, int maxLength, int vocabularySize)
    {
        _bert = bert;
        MaxLength = maxLength;
        VocabularySize = vocabularySize;
    }

    /// <summary>Most tokens per text, [CLS] and [SEP] included; longer texts are truncated.</summary>
    public int MaxLength { get; }

    /// <summary>Tokens in the vocabulary (ids run from 0 to this minus 1).</summary>
    public int VocabularySize { get; }

    /// <summary>The [PAD] token's id.</summary>
    public int PaddingId => _bert.PaddingTokenId;

    /// <summary>Reads vocab.txt (one token per line, id = line number) and builds the tokenizer.</summary>
    /// <param name="vocabularyPath">The vocabulary; it must hold [CLS], [SEP], [PAD], [MASK] and the unknown token.</param>
    /// <param name="maxLength">Most tokens per text including [CLS] and [SEP]; at least 3.</param>
    /// <param name="lowercase">Lowercase before lookup (uncased models).</param>
    /// <param name="stripAccents">Drop combining accents after NFD.</param>
    /// <param name="unknownToken">The vocabulary's unknown token.</param>
    /// <exception cref="FormatException">The file holds no tokens, an empty or repeated token, or lacks a required one.</exception>
    public static ModelTokenizer Load(string vocabularyPath, int maxLength, bool lowercase, bool stripAccents, string unknownToken = "[UNK]")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        var vocabulary = CheckVocabulary(vocabularyPath);
        var options = new BertOptions
        {
            // Named so that decoding can leave them out; never split out of the text (see below).
            SpecialTokens = SpecialTokens(vocabulary, unknownToken),
            Normalizer = new BertNormalizer(lowercase, stripAccents),
            PreTokenizer = BertPreTokenizer.Instance,
            LowerCaseBeforeTokenization = lowercase,
            RemoveNonSpacingMarks = stripAccents,
            SplitOnSpecialTokens = false, // "[SEP]" in a text is text, as in BERT's basic tokenizer
            UnknownToken = unknownToken,
            MaxInputCharsPerWord = MaxWordLength,
        };
        BertTokenizer bert;
        try
        {
            bert = BertTokenizer.Create(vocabularyPath, options);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
        return new ModelTokenizer(bert, maxLength, vocabulary.Count);
    }

    /// <summary>
    /// The ids the model sees for <paramref name="text"/>: [CLS], its WordPiece ids, [SEP], cut to
    /// <see cref="MaxLength"/>. Never throws for any UTF-16 input.
    /// </summary>
    public TokenizedText Tokenize(string text)
    {
        // The package stops before a word that would pass its limit, so ask for one word more than
        // fits (a word has at most MaxWordLength pieces) and cut inside it as BERT's truncation does.
        var ids = _bert.EncodeToIds(text, MaxLength + MaxWordLength + 1, out _, out _);
        if (ids.Count <= MaxLength)
        {
            return new TokenizedText([.. ids], Truncated: false);
        }
        var kept = new int[MaxLength];
        for (var i = 0; i < MaxLength - 1; i++)
        {
            kept[i] = ids[i];
        }
        kept[^1] = _bert.SeparatorTokenId;
        return new TokenizedText(kept, Truncated: true);
    }

    /// <summary>
    /// The tokens of <see cref="Tokenize"/> as strings, with each token's span in the normalised text
    /// (special tokens have an empty span at its start or end).
    /// </summary>
    public (IReadOnlyList<EncodedToken> Tokens, string NormalizedText) Explain(string text)
    {
        var content = _bert.EncodeToTokens(text, out var normalized);
        normalized ??= text;
        var kept = content.Take(MaxLength - 2);
        List<EncodedToken> tokens =
        [
            new(_bert.ClassificationTokenId, _bert.ClassificationToken, new Range(0, 0)),
            .. kept,
            new(_bert.SeparatorTokenId, _bert.SeparatorToken, new Range(normalized.Length, normalized.Length)),
        ];
        return (tokens, normalized);
    }

    /// <summary>Text for token ids, special tokens left out (the package's WordPiece decoding).</summary>
    public string Decode(IEnumerable<int> ids) => _bert.Decode(ids, skipSpecialTokens: true);

    private static Dictionary<string, int> SpecialTokens(Dictionary<string, int> vocabulary, string unknownToken)
    {
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in new[] { "[CLS]", "[SEP]", "[PAD]", "[MASK]", unknownToken })
        {
            special[token] = vocabulary.TryGetValue(token, out var id) ? id : throw new FormatException($"the vocabulary has no '{token}' token");
        }
        return special;
    }

    /// <summary>
    /// Token to id, after checking what the package does not: ids are line numbers, so an empty line
    /// in the middle or a token on two lines would shift or shadow ids.
    /// </summary>
    private static Dictionary<string, int> CheckVocabulary(string path)
    {
        var lines = File.ReadAllLines(path);
        var count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
        {
            count--; // a newline at the end of the file is not a token
        }
        if (count == 0)
        {
            throw new FormatException("the file holds no tokens");
        }
        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (lines[i].Length == 0)
            {
                throw new FormatException($"line {i + 1} is empty; every line must hold one token");
            }
            if (!seen.TryAdd(lines[i], i))
            {
                throw new FormatException($"line {i + 1}: token '{lines[i]}' already appears on line {seen[lines[i]] + 1}");
            }
        }
        return seen;
    }
}
