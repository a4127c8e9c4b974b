namespace Recommender.Pipeline;

/// <summary>The candidate step's settings (the gateway binds them from Gateway:Recommend).</summary>
public sealed record PipelineOptions
{
    /// <summary>Interests (with vectors) retrieved for.</summary>
    public int Interests { get; init; } = 5;

    /// <summary>Candidates retrieved for ranking, shared among interests by probability.</summary>
    public int CandidatePool { get; init; } = 200;

    /// <summary>Every interest gets at least this many candidates, so minor interests are represented.</summary>
    public int MinQuotaPerInterest { get; init; } = 10;

    /// <summary>Items co-visited with the user's recent items added to retrieval's candidates (0 turns it off).</summary>
    public int CovisitedCandidates { get; init; } = 100;

    /// <summary>Recent items excluded from recommendations (unless the request includes seen items).</summary>
    public int SeenItems { get; init; } = 100;

    /// <summary>The user's most recent items sent to ranking with their embeddings (for "Similar to X"), 0 to SeenItems.</summary>
    public int RecentItemVectors { get; init; } = 20;

    /// <summary>
    /// Weight of the short-term distribution for a user without drift evidence, 0 to 1; it rises to 1 with
    /// the evidence (<see cref="InterestBlend"/>).
    /// </summary>
    public double ShortTermFloor { get; init; } = 0.2;
}
