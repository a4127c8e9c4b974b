namespace Recommender.Encoder.Models;

/// <summary>Names of the model's inputs (encoder.json "inputs"); all are int64 tensors [batch, sequence].</summary>
public sealed class ModelInputNames
{
    /// <summary>Token ids. Required.</summary>
    public string? InputIds { get; init; }

    /// <summary>1 for real tokens, 0 for padding. Required.</summary>
    public string? AttentionMask { get; init; }

    /// <summary>Segment ids (all 0 for one text); only for models that have this input.</summary>
    public string? TokenTypeIds { get; init; }
}
