namespace Recommender.Encoder.Tokenization;

/// <summary>Turns text into the token ids a model was trained on. Implementations are thread-safe.</summary>
public interface ITokenizer
{
    /// <summary>The vocabulary ids refer to.</summary>
    Vocabulary Vocabulary { get; }

    /// <summary>Most tokens per text, special tokens included; longer texts are truncated.</summary>
    int MaxLength { get; }

    /// <summary>
    /// Tokenizes one text. Never throws for any UTF-16 input: lone surrogates and control characters
    /// are dropped, and very long texts stop being read once <see cref="MaxLength"/> is exceeded.
    /// </summary>
    TokenizedText Tokenize(ReadOnlySpan<char> text);
}
