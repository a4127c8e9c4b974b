using System.Text.Json.Serialization;

namespace Recommender.Encoder.Models;

/// <summary>The tokenizer a model was trained with.</summary>
public enum TokenizerKind
{
    /// <summary>BERT WordPiece with [CLS] and [SEP] (all BERT-family encoders).</summary>
    [JsonStringEnumMemberName("wordpiece")]
    WordPiece,
}
