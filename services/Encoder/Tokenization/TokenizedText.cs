namespace Recommender.Encoder.Tokenization;

/// <summary>One text as the model sees it: token ids (special tokens included) and whether truncation cut it.</summary>
/// <param name="Ids">Token ids in model order, [CLS] and [SEP] included.</param>
/// <param name="Truncated">True when the text had more tokens than the model's maximum length and was cut.</param>
public sealed record TokenizedText(int[] Ids, bool Truncated)
{
    /// <summary>Number of tokens the model sees.</summary>
    public int Count => Ids.Length;
}
