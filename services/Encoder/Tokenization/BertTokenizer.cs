namespace Recommender.Encoder.Tokenization;

/// <summary>
/// BERT's WordPiece tokenizer: <see cref="WordSplitter"/> words, greedy longest-match pieces with "##"
/// continuations, a word that cannot be covered (or is longer than <see cref="MaxWordCodePoints"/>)
/// becomes [UNK], and [CLS] ... [SEP] around. Truncation keeps [CLS] and [SEP].
/// </summary>
public sealed class BertTokenizer : ITokenizer
{
    /// <summary>Longest word WordPiece tries to split, in code points (BERT's max_input_chars_per_word).</summary>
    public const int MaxWordCodePoints = 100;

    private readonly TextNormalization _normalization;
    private readonly int _clsId;
    private readonly int _sepId;
    private readonly int _unkId;
    private readonly int _wordBufferLength;

    /// <summary>Creates a tokenizer over <paramref name="vocabulary"/>.</summary>
    /// <param name="vocabulary">Must contain [CLS], [SEP] and [UNK].</param>
    /// <param name="maxLength">Most tokens per text including [CLS] and [SEP]; at least 2.</param>
    /// <param name="normalization">Lowercasing and accent stripping (both on for uncased models).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 2.</exception>
    /// <exception cref="FormatException">A special token is missing from the vocabulary.</exception>
    public BertTokenizer(Vocabulary vocabulary, int maxLength, TextNormalization normalization)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        Vocabulary = vocabulary;
        MaxLength = maxLength;
        _normalization = normalization;
        _clsId = vocabulary.RequireId("[CLS]");
        _sepId = vocabulary.RequireId("[SEP]");
        _unkId = vocabulary.RequireId("[UNK]");
        _wordBufferLength = Math.Max(2 * MaxWordCodePoints, vocabulary.MaxTokenLength) + 2;
    }

    /// <inheritdoc />
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public TokenizedText Tokenize(ReadOnlySpan<char> text)
    {
        var maxContent = MaxLength - 2;
        var ids = new IdBuffer(Math.Min(MaxLength, text.Length + 2));
        try
        {
            ids.Add(_clsId);
            var truncated = false;
            var words = new WordSplitter(text, _normalization, stackalloc char[_wordBufferLength]);
            while (words.MoveNext())
            {
                AddWordPieces(ref ids, words.Current, words.CurrentCodePoints, words.IsCurrentComplete);
                if (ids.Count - 1 > maxContent)
                {
                    ids.Count = maxContent + 1;
                    truncated = true;
                    break;
                }
            }
            ids.Add(_sepId);
            return new TokenizedText(ids.ToArray(), truncated, Vocabulary);
        }
        finally
        {
            ids.Dispose();
        }
    }

    private void AddWordPieces(ref IdBuffer ids, ReadOnlySpan<char> word, int codePoints, bool complete)
    {
        if (!complete || codePoints > MaxWordCodePoints)
        {
            ids.Add(_unkId);
            return;
        }
        var firstPiece = ids.Count;
        var start = 0;
        while (start < word.Length)
        {
            var end = Math.Min(word.Length, start + Vocabulary.MaxTokenLength);
            var id = -1;
            for (; end > start; end--)
            {
                if (end < word.Length && char.IsLowSurrogate(word[end]))
                {
                    continue; // never cut a surrogate pair
                }
                var piece = word[start..end];
                if (start == 0 ? Vocabulary.TryGetId(piece, out id) : Vocabulary.TryGetContinuationId(piece, out id))
                {
                    break;
                }
            }
            if (end == start)
            {
                ids.Count = firstPiece;
                ids.Add(_unkId);
                return;
            }
            ids.Add(id);
            start = end;
        }
    }
}
