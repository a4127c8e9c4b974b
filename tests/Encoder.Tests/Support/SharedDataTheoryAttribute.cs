namespace Recommender.Encoder.Tests.Support;

/// <summary>A theory that is skipped, with the reason, when ../shared/data is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (RepositoryPaths.BertVocabulary is null)
        {
            Skip = $"shared test data not found at {RepositoryPaths.SharedData} (../shared beside the checkout)";
        }
    }
}
