namespace Recommender.InterestModel.Domain;

/// <summary>
/// A configured capacity is full (items, categories, events waiting for their item). Nothing of the request was
/// applied; the RPC layer maps it to RESOURCE_EXHAUSTED.
/// </summary>
public sealed class InterestCapacityException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public InterestCapacityException(string resource, long limit)
        : base($"{resource} is full: the configured limit is {limit}")
    {
        Resource = resource;
        Limit = limit;
    }

    /// <summary>Which capacity is exhausted.</summary>
    public string Resource { get; }

    /// <summary>The configured limit.</summary>
    public long Limit { get; }
}
