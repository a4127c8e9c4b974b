using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;

namespace Recommender.Ranking.Tests.Infrastructure;

/// <summary>Builders for hand-made requests.</summary>
internal static class Requests
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static RankCandidate Candidate(string id, string category = "", float[]? vector = null, double? popularity = null,
        double? covisitation = null, string interestId = "", DateTimeOffset? createdAt = null, string title = "")
    {
        var candidate = new RankCandidate { ItemId = id, CategoryPath = category, InterestId = interestId, Title = title == "" ? "Title " + id : title };
        if (vector is not null)
        {
            candidate.Vector.AddRange(vector);
        }
        if (popularity is { } p)
        {
            candidate.Popularity = p;
        }
        if (covisitation is { } c)
        {
            candidate.Covisitation = c;
        }
        if (createdAt is { } created)
        {
            candidate.CreatedAt = Timestamp.FromDateTimeOffset(created);
        }
        return candidate;
    }

    public static UserContext User(params (string Path, double Probability)[] categories)
    {
        var user = new UserContext { UserId = "u1" };
        user.Categories.AddRange(categories.Select(c => new CategoryProbability { CategoryPath = c.Path, Probability = c.Probability }));
        return user;
    }

    public static RankRequest Request(UserContext user, int k, params RankCandidate[] candidates)
    {
        var request = new RankRequest { User = user, K = k, Options = new RankOptions() };
        request.Candidates.AddRange(candidates);
        return request;
    }

    /// <summary>A valid request of n candidates with vectors, popularity and categories.</summary>
    public static RankRequest Typical(int n, int k)
    {
        var user = User(("Movies", 1.0), ("Movies/Crime", 0.6), ("Movies/Comedy", 0.4));
        user.OverallVector.AddRange([1f, 0f, 0f]);
        var interest = new UserInterest { InterestId = "i1", CategoryPath = "Movies/Crime", Probability = 0.6 };
        interest.Vector.AddRange([1f, 1f, 0f]);
        user.Interests.Add(interest);
        var random = new Random(7);
        var candidates = Enumerable.Range(0, n).Select(i => Candidate(
            $"item{i}",
            i % 2 == 0 ? "Movies/Crime" : "Movies/Comedy",
            [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() + 0.1f],
            popularity: random.NextDouble(),
            interestId: "i1")).ToArray();
        return Request(user, k, candidates);
    }
}
