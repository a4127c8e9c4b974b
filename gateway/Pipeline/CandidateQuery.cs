using Recommender.Contracts.V1;

namespace Recommender.Pipeline;

/// <summary>Whose candidates, under which filter and interest horizon.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Filter">Recommend's filter (null: none).</param>
/// <param name="IncludeSeen">Keep the user's recent items among the candidates.</param>
/// <param name="Horizon">Which interest distribution sets the quotas and the calibration target.</param>
/// <param name="Popular">The most popular items, best first: the candidates of a user without history.</param>
/// <param name="Deadline">Every backend call's deadline.</param>
/// <param name="CancellationToken">Cancels every backend call.</param>
public sealed record CandidateQuery(
    string UserId,
    RetrievalFilter? Filter,
    bool IncludeSeen,
    InterestHorizon Horizon,
    IReadOnlyList<PopularItem> Popular,
    DateTime Deadline,
    CancellationToken CancellationToken = default);
