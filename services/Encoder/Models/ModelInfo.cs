namespace Recommender.Encoder.Models;

/// <summary>What a client needs to know about a served model.</summary>
/// <param name="Name">The model's name (its directory name).</param>
/// <param name="Dimension">Length of every vector it returns.</param>
/// <param name="MaxLength">Most tokens per text; longer texts are truncated.</param>
/// <param name="Provider">The ONNX Runtime execution provider running it, e.g. CPUExecutionProvider.</param>
/// <param name="Tokenizer">Its tokenizer kind.</param>
/// <param name="Pooling">How token vectors become a text vector.</param>
/// <param name="Normalized">Whether vectors have unit length.</param>
/// <param name="VocabularySize">Tokens in its vocabulary.</param>
/// <param name="QueryPrefix">Text put before queries (empty: none).</param>
/// <param name="Description">Free text from encoder.json.</param>
public sealed record ModelInfo(
    string Name,
    int Dimension,
    int MaxLength,
    string Provider,
    TokenizerKind Tokenizer,
    PoolingMode Pooling,
    bool Normalized,
    int VocabularySize,
    string QueryPrefix,
    string Description);
