namespace Recommender.Encoder.Service;

/// <summary>One text's embedding and what the model saw of it.</summary>
/// <param name="Vector">The embedding (the caller's own array).</param>
/// <param name="TokenCount">Tokens the model saw, special tokens included.</param>
/// <param name="Truncated">Whether the text was cut to the model's maximum length.</param>
public readonly record struct EmbeddedText(float[] Vector, int TokenCount, bool Truncated);
