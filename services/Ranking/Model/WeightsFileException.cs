namespace Recommender.Ranking.Model;

/// <summary>A weights file could not be read or is not a valid ranking model.</summary>
public sealed class WeightsFileException(string source, string problem, Exception? inner = null)
    : Exception($"ranking weights {source}: {problem}", inner)
{
    /// <summary>The file (or "&lt;text&gt;") that was read.</summary>
    public string WeightsSource { get; } = source;
}
