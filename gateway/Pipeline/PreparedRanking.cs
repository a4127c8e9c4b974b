using Recommender.Contracts.V1;

namespace Recommender.Pipeline;

/// <summary>What the candidate step found for one user: everything ranking needs, and what went wrong on the way.</summary>
public sealed class PreparedRanking
{
    /// <summary>The interest profile; null when the interest model could not be reached.</summary>
    public InterestProfile? Profile { get; init; }

    /// <summary>The interest blend behind the quotas and calibration; null without a profile or for a cold start.</summary>
    public InterestBlend? Blend { get; init; }

    /// <summary>The interests retrieval ran for (with their blended probabilities).</summary>
    public IReadOnlyList<UserInterest> Interests { get; init; } = [];

    public List<Candidate> Candidates { get; init; } = [];

    /// <summary>Co-visitation and popularity per candidate; null when unavailable.</summary>
    public IReadOnlyDictionary<string, ItemSignals>? Signals { get; init; }

    public List<Degradation> Degradations { get; init; } = [];

    /// <summary>Catalog entries (with embeddings) of the user's most recent items.</summary>
    public IReadOnlyDictionary<string, Item> RecentVectors { get; init; } = new Dictionary<string, Item>();

    public bool ColdStart => Profile is null || Profile.ColdStart;

    /// <summary>The Rank request for the user's top <paramref name="k"/> (at most the candidates).</summary>
    public RankRequest RankRequest(int k, RankOptions? options)
    {
        var rank = new RankRequest { User = UserContext(), K = Math.Min(k, Candidates.Count), Options = options };
        rank.Candidates.AddRange(Candidates.Select(RankCandidateOf));
        return rank;
    }

    private UserContext UserContext()
    {
        var user = new UserContext { UserId = Profile?.UserId ?? "", ColdStart = ColdStart };
        if (Profile is null)
        {
            return user;
        }
        user.Categories.AddRange(Blend?.Nodes() ?? Profile.LongTerm.Nodes.Select(n => new CategoryProbability { CategoryPath = n.CategoryPath, Probability = n.Probability }));
        user.Interests.AddRange(Interests);
        user.OverallVector.AddRange(Profile.OverallVector);
        foreach (var recent in Profile.RecentItems)
        {
            var item = recent;
            if (RecentVectors.TryGetValue(recent.ItemId, out var entry) && entry.Vector.Count > 0)
            {
                item = recent.Clone();
                item.Vector.AddRange(entry.Vector);
            }
            user.RecentItems.Add(item);
        }
        return user;
    }

    private RankCandidate RankCandidateOf(Candidate candidate)
    {
        var rank = new RankCandidate
        {
            ItemId = candidate.Item.Id,
            Title = candidate.Item.Title,
            CategoryPath = candidate.Item.CategoryPath,
            InterestId = candidate.InterestId,
            CreatedAt = candidate.Item.CreatedAt,
        };
        rank.Vector.AddRange(candidate.Item.Vector);
        if (candidate.InterestId is not (CandidatePipeline.PopularInterest or CandidatePipeline.CatalogInterest) && candidate.Score != 0)
        {
            rank.RetrievalScore = candidate.Score;
        }
        if (Signals is not null && Signals.TryGetValue(candidate.Item.Id, out var signal))
        {
            rank.Covisitation = signal.Covisitation;
            rank.Popularity = signal.Popularity;
            rank.CovisitSources.AddRange(signal.Sources);
        }
        return rank;
    }
}
