using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Reasons;
using Recommender.Ranking.Tests.Infrastructure;
using Kind = Recommender.Contracts.V1.Reason.Types.Kind;
using UserAction = Recommender.Contracts.V1.Action;

namespace Recommender.Ranking.Tests;

public sealed class ReasonTests
{
    private static UserContext User()
    {
        var user = Requests.User(("Movies", 1), ("Movies/Crime", 0.34));
        user.RecentItems.Add(new RecentItem { ItemId = "heat", Title = "Heat", CategoryPath = "Movies/Crime", Action = UserAction.View });
        user.RecentItems.Add(new RecentItem { ItemId = "ronin", Title = "Ronin", CategoryPath = "Movies/Action", Action = UserAction.View });
        user.RecentItems.Add(new RecentItem { ItemId = "jaws", Title = "Jaws", CategoryPath = "Movies/Thriller", Action = UserAction.Purchase });
        user.RecentItems.Add(new RecentItem { ItemId = "up", Title = "Up", CategoryPath = "Movies/Animation", Action = UserAction.Rating });
        var interest = new UserInterest { InterestId = "i1", CategoryPath = "Movies/Crime", Probability = 0.34 };
        user.Interests.Add(interest);
        return user;
    }

    /// <summary>A breakdown whose largest contribution is <paramref name="top"/>.</summary>
    private static ScoreBreakdown Top(RankingFeature top, double value = 0.5, double contribution = 1) =>
        new(contribution + 0.1, 0, [new ScorePart(top, false, value, 1, contribution), new ScorePart(RankingFeature.Freshness == top ? RankingFeature.Popularity : RankingFeature.Freshness, false, 0.1, 1, 0.1)]);

    private static CandidateFeatures Features(string? interestCategory = null) => new(new FeatureVector(), null, interestCategory);

    private static Reason Build(RankCandidate candidate, ScoreBreakdown breakdown, CandidateFeatures? features = null, UserContext? user = null, RankingModel? model = null) =>
        new ReasonBuilder(user ?? User(), "Popular this week", model ?? BuiltInModel.Instance).Build(candidate, features ?? Features(), breakdown);

    private static RankCandidate WithSources(params (string Id, string Title, double Weight)[] sources)
    {
        var candidate = Requests.Candidate("c", category: "Movies/Crime");
        candidate.CovisitSources.AddRange(sources.Select(s => new CovisitSource { ItemId = s.Id, Title = s.Title, Weight = s.Weight }));
        return candidate;
    }

    [Fact]
    public void Covisitation_cites_up_to_two_titles_by_weight_with_the_users_verb()
    {
        var reason = Build(WithSources(("x", "Xanadu", 0.1), ("ronin", "Ronin", 0.3), ("heat", "Heat", 0.6)), Top(RankingFeature.Covisitation));
        Assert.Equal(Kind.BecauseYouInteracted, reason.Kind);
        Assert.Equal("Because you viewed Heat and Ronin", reason.Text);
        Assert.Equal(["heat", "ronin"], reason.ItemIds);
    }

    [Fact]
    public void Different_actions_get_their_own_verbs()
    {
        var reason = Build(WithSources(("up", "Up", 0.6), ("jaws", "Jaws", 0.4)), Top(RankingFeature.Covisitation));
        Assert.Equal("Because you rated Up and bought Jaws", reason.Text);
    }

    [Fact]
    public void Unknown_action_uses_a_neutral_verb_and_titles_come_from_recent_items()
    {
        Assert.Equal("Because you liked Xanadu", Build(WithSources(("x", "Xanadu", 1)), Top(RankingFeature.Covisitation)).Text);
        var fromRecent = Build(WithSources(("heat", "", 1)), Top(RankingFeature.Covisitation));
        Assert.Equal("Because you viewed Heat", fromRecent.Text);
        Assert.Equal(["heat"], fromRecent.ItemIds);
    }

    [Fact]
    public void Covisitation_without_titles_or_with_a_negative_contribution_gives_way()
    {
        var untitled = Build(WithSources(("nobody", "", 1)), Top(RankingFeature.Covisitation), Features("Movies/Crime"));
        Assert.NotEqual(Kind.BecauseYouInteracted, untitled.Kind);
        var negative = new ScoreBreakdown(-1, 0, [new ScorePart(RankingFeature.Covisitation, false, 0.1, 1, -1)]);
        Assert.NotEqual(Kind.BecauseYouInteracted, Build(WithSources(("heat", "Heat", 1)), negative).Kind);
    }

    [Fact]
    public void Covisitation_is_cited_only_when_removing_it_would_lower_the_score()
    {
        var candidate = WithSources(("heat", "Heat", 1));
        // Absence would add 0.8 (the learned missing weight): a contribution of 0.5 is no reason.
        var model = new RankingModel("m", null, 0, [new FeatureWeight(RankingFeature.Covisitation, 1, 0, 1, MissingWeight: 0.8)]);
        var small = new ScoreBreakdown(0.5, 0, [new ScorePart(RankingFeature.Covisitation, false, 0.6, 1, 0.5)]);
        Assert.NotEqual(Kind.BecauseYouInteracted, Build(candidate, small, model: model).Kind);
        var large = new ScoreBreakdown(1.0, 0, [new ScorePart(RankingFeature.Covisitation, false, 1.7, 1, 1.0)]);
        Assert.Equal(Kind.BecauseYouInteracted, Build(candidate, large, model: model).Kind);
        // A negative weight gives a positive contribution to below-average co-visitation: not a reason.
        var inverted = new ScoreBreakdown(1.0, 0, [new ScorePart(RankingFeature.Covisitation, false, 0.1, -1, 1.0)]);
        Assert.NotEqual(Kind.BecauseYouInteracted, Build(candidate, inverted).Kind);
    }

    [Fact]
    public void Negative_weights_do_not_make_items_popular_or_new()
    {
        foreach (var feature in new[] { RankingFeature.Popularity, RankingFeature.Freshness })
        {
            var breakdown = new ScoreBreakdown(1.0, 0, [new ScorePart(feature, false, 0.01, -1, 1.0)]);
            Assert.Equal(Kind.Unspecified, Build(Requests.Candidate("c"), breakdown, user: new UserContext()).Kind);
        }
    }

    [Fact]
    public void Interest_match_names_the_deepest_known_category_with_its_probability()
    {
        var reason = Build(Requests.Candidate("c", category: "Movies/Crime/Heist"), Top(RankingFeature.CategoryInterest, 0.34), Features("Movies/Crime"));
        Assert.Equal(Kind.InterestMatch, reason.Kind);
        Assert.Equal("Matches your interest in Crime (34%)", reason.Text);
        Assert.Equal("Movies/Crime", reason.CategoryPath);
        Assert.Equal(0.34, reason.Probability);
    }

    [Fact]
    public void Popular_and_fresh()
    {
        Assert.Equal((Kind.Popular, "Popular this week"), Pair(Build(Requests.Candidate("c"), Top(RankingFeature.Popularity))));
        var fresh = Build(Requests.Candidate("c", category: "Shop/Electronics"), Top(RankingFeature.Freshness));
        Assert.Equal((Kind.Fresh, "New in Electronics"), Pair(fresh));
        Assert.Equal("Shop/Electronics", fresh.CategoryPath);
        Assert.Equal("New arrival", Build(Requests.Candidate("c"), Top(RankingFeature.Freshness)).Text);
    }

    [Fact]
    public void Similar_to_names_the_recent_item_nearest_by_embedding_with_its_cosine()
    {
        var user = User();
        user.RecentItems[0].Vector.AddRange([1f, 0f]);   // heat
        user.RecentItems[1].Vector.AddRange([0.6f, 0.8f]); // ronin
        var candidate = Requests.Candidate("c", category: "Books", vector: [0f, 1f]);
        var features = new FeatureExtractor(30).Extract(user, [candidate], Requests.Now)[0];
        Assert.Equal("ronin", features.NearestRecent?.ItemId);
        Assert.Equal(0.8, features.Vector[RankingFeature.HistorySimilarity]!.Value, 6);

        var reason = Build(candidate, Top(RankingFeature.HistorySimilarity, 0.8), features, user);
        Assert.Equal((Kind.SimilarContent, "Similar to Ronin (cosine 0.80)"), Pair(reason));
        Assert.Equal(["ronin"], reason.ItemIds);
        Assert.Equal(0.8, reason.Similarity, 6);
        var byUserVectors = Build(Requests.Candidate("c", category: "Books"), Top(RankingFeature.OverallSimilarity, 0.8));
        Assert.Equal((Kind.SimilarContent, "Similar to items you liked"), Pair(byUserVectors));
        Assert.Empty(byUserVectors.ItemIds);
    }

    [Fact]
    public void Only_a_contribution_that_raised_the_score_is_cited_else_a_generic_sentence()
    {
        var nothing = new ScoreBreakdown(0, 0, []);
        Assert.Equal((Kind.Unspecified, "Recommended for you"), Pair(Build(Requests.Candidate("c", interestId: "i1"), nothing)));
        // Category interest below the training mean lowered the score: not a reason.
        var lowered = new ScoreBreakdown(-0.4, 0, [new ScorePart(RankingFeature.CategoryInterest, false, 0.34, 1, -0.4)]);
        Assert.Equal((Kind.Unspecified, "Recommended for you"), Pair(Build(Requests.Candidate("c", category: "Movies/Crime"), lowered, Features("Movies/Crime"))));
        var raised = new ScoreBreakdown(0.4, 0, [new ScorePart(RankingFeature.CategoryInterest, false, 0.34, 1, 0.4)]);
        Assert.Equal((Kind.InterestMatch, "Matches your interest in Crime (34%)"), Pair(Build(Requests.Candidate("c", category: "Movies/Crime"), raised, Features("Movies/Crime"))));
    }

    [Theory]
    [InlineData(0.34, "34%")]
    [InlineData(0.999, "100%")]
    [InlineData(0.004, "<1%")]
    [InlineData(0.0, "0%")]
    [InlineData(0.125, "13%")]
    public void Percentages(double probability, string expected) => Assert.Equal(expected, ReasonText.Percent(probability));

    [Fact]
    public void Cart_phrase_reads_naturally()
    {
        Assert.Equal("Because you added Heat and Ronin to your cart", ReasonText.BecauseYou([("Heat", UserAction.Cart), ("Ronin", UserAction.Cart)]));
        Assert.Equal("Because you viewed Heat and Ronin", ReasonText.BecauseYou([("Heat", UserAction.View), ("Ronin", UserAction.Click)]));
    }

    private static (Kind, string) Pair(Reason reason) => (reason.Kind, reason.Text);
}
