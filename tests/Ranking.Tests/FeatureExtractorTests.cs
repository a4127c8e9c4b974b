using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Tests.Infrastructure;

namespace Recommender.Ranking.Tests;

public sealed class FeatureExtractorTests
{
    private static readonly FeatureExtractor Extractor = new(freshnessHalfLifeDays: 30);

    private static UserContext UserWithVectors()
    {
        var user = Requests.User(("Movies", 0.6), ("Movies/Crime", 0.34), ("Books", 0.4));
        var interest = new UserInterest { InterestId = "i1", CategoryPath = "Movies/Crime", Probability = 0.34 };
        interest.Vector.AddRange([2f, 0f]);
        user.Interests.Add(interest);
        user.OverallVector.AddRange([0f, 1f]);
        return user;
    }

    private static CandidateFeatures One(UserContext user, RankCandidate candidate) => Extractor.Extract(user, [candidate], Requests.Now)[0];

    [Fact]
    public void Similarities_are_cosines_to_the_retrieving_interest_and_the_overall_vector()
    {
        var features = One(UserWithVectors(), Requests.Candidate("a", vector: [3f, 4f], interestId: "i1"));
        Assert.Equal(0.6, features.Vector[RankingFeature.InterestSimilarity]!.Value, 1e-6);
        Assert.Equal(0.8, features.Vector[RankingFeature.OverallSimilarity]!.Value, 1e-6);
        Assert.Equal([0.6f, 0.8f], features.UnitVector!);
    }

    [Fact]
    public void Retrieval_score_stands_in_when_vectors_are_missing()
    {
        var candidate = Requests.Candidate("a", interestId: "unknown");
        candidate.RetrievalScore = 0.42;
        var features = One(UserWithVectors(), candidate);
        Assert.Equal(0.42, features.Vector[RankingFeature.InterestSimilarity]);
        Assert.Null(features.Vector[RankingFeature.OverallSimilarity]);
        Assert.Null(features.UnitVector);
    }

    [Fact]
    public void Similarity_is_absent_without_vector_and_score()
    {
        var features = One(UserWithVectors(), Requests.Candidate("a", interestId: "i1"));
        Assert.Null(features.Vector[RankingFeature.InterestSimilarity]);
        Assert.Null(One(new UserContext(), Requests.Candidate("a", vector: [1f, 0f], interestId: "i1")).Vector[RankingFeature.InterestSimilarity]);
    }

    [Theory]
    [InlineData("Movies/Crime/Heist", 0.34, "Movies/Crime")] // deepest known ancestor
    [InlineData("Movies/Crime", 0.34, "Movies/Crime")]
    [InlineData("Movies/Drama", 0.6, "Movies")] // walks up to the parent
    [InlineData("Games/Chess", 0.0, null)] // known distribution without the branch: zero interest, present
    public void Category_interest_walks_up_to_the_deepest_known_node(string path, double expected, string? node)
    {
        var features = One(UserWithVectors(), Requests.Candidate("a", category: path));
        Assert.Equal(expected, features.Vector[RankingFeature.CategoryInterest]);
        Assert.Equal(node, features.InterestCategory);
    }

    [Fact]
    public void Category_interest_is_absent_without_a_distribution_or_a_path()
    {
        Assert.Null(One(new UserContext(), Requests.Candidate("a", category: "Movies")).Vector[RankingFeature.CategoryInterest]);
        Assert.Null(One(UserWithVectors(), Requests.Candidate("a")).Vector[RankingFeature.CategoryInterest]);
    }

    [Fact]
    public void Covisitation_and_popularity_are_taken_when_set_and_absent_when_not()
    {
        var set = One(UserWithVectors(), Requests.Candidate("a", popularity: 0.25, covisitation: 1.5));
        Assert.Equal(0.25, set.Vector[RankingFeature.Popularity]);
        Assert.Equal(1.5, set.Vector[RankingFeature.Covisitation]);

        var unset = Requests.Candidate("b");
        unset.CovisitSources.Add(new CovisitSource { ItemId = "x", Title = "X", Weight = 1 }); // sources alone are not a value
        var features = One(UserWithVectors(), unset);
        Assert.Null(features.Vector[RankingFeature.Popularity]);
        Assert.Null(features.Vector[RankingFeature.Covisitation]);

        var zero = One(UserWithVectors(), Requests.Candidate("c", popularity: 0, covisitation: 0));
        Assert.Equal(0.0, zero.Vector[RankingFeature.Popularity]);
        Assert.Equal(0.0, zero.Vector[RankingFeature.Covisitation]);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(30, 0.5)]
    [InlineData(60, 0.25)]
    [InlineData(-5, 1.0)] // created in the future counts as new
    public void Freshness_halves_every_half_life(double ageDays, double expected)
    {
        var features = One(new UserContext(), Requests.Candidate("a", createdAt: Requests.Now.AddDays(-ageDays)));
        Assert.Equal(expected, features.Vector[RankingFeature.Freshness]!.Value, 1e-12);
        Assert.Null(One(new UserContext(), Requests.Candidate("a")).Vector[RankingFeature.Freshness]);
    }

    [Fact]
    public void Missing_lists_every_absent_feature()
    {
        var features = One(new UserContext(), Requests.Candidate("a"));
        Assert.Equal(RankingFeatures.All, features.Vector.Missing);
    }
}
