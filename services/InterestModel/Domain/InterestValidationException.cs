namespace Recommender.InterestModel.Domain;

/// <summary>
/// Input that breaks a documented limit. Names the offending field (for example <c>events[3].rating</c>) and
/// the limit, so the RPC layer can answer INVALID_ARGUMENT with a message a person can act on. Thrown before any
/// part of a batch is applied.
/// </summary>
public sealed class InterestValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InterestValidationException(string field, string limit, string problem)
        : base($"{field}: {problem} (limit: {limit})")
    {
        Field = field;
        Limit = limit;
    }

    /// <summary>The field that failed, in request terms, for example <c>events[3].timestamp</c>.</summary>
    public string Field { get; }

    /// <summary>The limit that was broken, for example <c>at most 5 minutes after now</c>.</summary>
    public string Limit { get; }
}
