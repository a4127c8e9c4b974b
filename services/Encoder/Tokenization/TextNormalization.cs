namespace Recommender.Encoder.Tokenization;

/// <summary>How <see cref="WordSplitter"/> normalizes text before splitting it into words.</summary>
/// <param name="Lowercase">Lowercase with Unicode rules (final sigma included), as uncased BERT models expect.</param>
/// <param name="StripAccents">Decompose (NFD) and drop combining diacritical marks, so "café" becomes "cafe".</param>
public readonly record struct TextNormalization(bool Lowercase, bool StripAccents);
