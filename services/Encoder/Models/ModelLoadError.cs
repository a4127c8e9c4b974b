namespace Recommender.Encoder.Models;

/// <summary>A model directory the registry skipped, and why.</summary>
/// <param name="Name">The model name (its directory name).</param>
/// <param name="File">The file at fault.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record ModelLoadError(string Name, string File, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"model '{Name}': {File}: {Problem}";
}
