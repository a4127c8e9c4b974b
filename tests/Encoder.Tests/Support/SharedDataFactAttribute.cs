namespace Recommender.Encoder.Tests.Support;

/// <summary>A fact that is skipped, with the reason, when ../shared/data is absent (it is never copied in).</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (RepositoryPaths.BertVocabulary is null)
        {
            Skip = $"shared test data not found at {RepositoryPaths.SharedData} (../shared beside the checkout)";
        }
    }
}
