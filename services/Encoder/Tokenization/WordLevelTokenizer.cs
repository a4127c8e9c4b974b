namespace Recommender.Encoder.Tokenization;

/// <summary>
/// Whole-word tokenizer for static word embeddings (GloVe): <see cref="WordSplitter"/> words looked up
/// as they are, unknown words become the unknown token, no special tokens around.
/// </summary>
public sealed class WordLevelTokenizer : ITokenizer
{
    private readonly TextNormalization _normalization;
    private readonly int _unkId;
    private readonly int _wordBufferLength;

    /// <summary>Creates a tokenizer over <paramref name="vocabulary"/>.</summary>
    /// <param name="vocabulary">Must contain <paramref name="unknownToken"/>.</param>
    /// <param name="maxLength">Most tokens per text; at least 1.</param>
    /// <param name="normalization">Lowercasing and accent stripping to match the vocabulary.</param>
    /// <param name="unknownToken">The token unknown words map to.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 1.</exception>
    /// <exception cref="FormatException">The unknown token is missing from the vocabulary.</exception>
    public WordLevelTokenizer(Vocabulary vocabulary, int maxLength, TextNormalization normalization, string unknownToken = "[UNK]")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        Vocabulary = vocabulary;
        MaxLength = maxLength;
        _normalization = normalization;
        _unkId = vocabulary.RequireId(unknownToken);
        _wordBufferLength = vocabulary.MaxTokenLength + 2;
    }

    /// <inheritdoc />
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public TokenizedText Tokenize(ReadOnlySpan<char> text)
    {
        var ids = new IdBuffer(Math.Min(MaxLength, text.Length / 4 + 4));
        try
        {
            var truncated = false;
            var words = new WordSplitter(text, _normalization, stackalloc char[_wordBufferLength]);
            while (words.MoveNext())
            {
                if (ids.Count == MaxLength)
                {
                    truncated = true;
                    break;
                }
                ids.Add(words.IsCurrentComplete && Vocabulary.TryGetId(words.Current, out var id) ? id : _unkId);
            }
            return new TokenizedText(ids.ToArray(), truncated, Vocabulary);
        }
        finally
        {
            ids.Dispose();
        }
    }
}
