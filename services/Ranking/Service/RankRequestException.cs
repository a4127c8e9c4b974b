namespace Recommender.Ranking.Service;

/// <summary>A rank request breaks a limit; the service answers INVALID_ARGUMENT with the message.</summary>
public sealed class RankRequestException(string field, string message) : Exception(message)
{
    /// <summary>The offending field, e.g. "candidates[3].vector".</summary>
    public string Field { get; } = field;
}
