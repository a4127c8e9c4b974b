namespace Recommender.Encoder.Tokenization;

/// <summary>One text as the model sees it: token ids (special tokens included) and whether truncation cut it.</summary>
public sealed class TokenizedText
{
    private readonly Vocabulary _vocabulary;

    internal TokenizedText(int[] ids, bool truncated, Vocabulary vocabulary)
    {
        Ids = ids;
        Truncated = truncated;
        _vocabulary = vocabulary;
    }

    /// <summary>Token ids in model order, special tokens included.</summary>
    public int[] Ids { get; }

    /// <summary>True when the text had more tokens than the model's maximum length and was cut.</summary>
    public bool Truncated { get; }

    /// <summary>Number of tokens the model sees.</summary>
    public int Count => Ids.Length;

    /// <summary>Token strings for <see cref="Ids"/> (the vocabulary's own strings, built on demand).</summary>
    public string[] Tokens => _vocabulary.TokensOf(Ids);
}
