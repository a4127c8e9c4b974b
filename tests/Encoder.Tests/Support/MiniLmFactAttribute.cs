namespace Recommender.Encoder.Tests.Support;

/// <summary>A fact about minilm-l6-shape, skipped with the reason when ../shared (its vocabulary) is absent.</summary>
public sealed class MiniLmFactAttribute : FactAttribute
{
    public MiniLmFactAttribute()
    {
        if (!BuiltModels.HasMiniLm)
        {
            Skip = $"minilm-l6-shape needs the BERT vocabulary from {RepositoryPaths.SharedData} (../shared beside the checkout)";
        }
    }
}
