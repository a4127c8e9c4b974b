using Recommender.Contracts.V1;
using Recommender.Ranking.Model;
using Recommender.Ranking.Service;
using Recommender.Ranking.Tests.Infrastructure;

namespace Recommender.Ranking.Tests;

public sealed class EngineTests
{
    private static readonly RankingEngine Engine = new(BuiltInModel.Instance, new RankingOptions());

    [Fact]
    public void Disabled_reranking_returns_score_order_with_probabilities_over_all_candidates()
    {
        var request = Requests.Typical(40, 40);
        request.Options.DisableReranking = true;
        var response = Engine.Rank(request, Requests.Now);

        Assert.Equal(40, response.Items.Count);
        Assert.Equal(response.Items.OrderByDescending(i => i.Score).Select(i => i.ItemId), response.Items.Select(i => i.ItemId));
        Assert.Equal(1, response.Items.Sum(i => i.Probability), 1e-9);
        Assert.Equal(BuiltInModel.Version, response.ModelVersion);
        Assert.Contains(response.Notes, n => n.Contains("re-ranking disabled"));
    }

    [Fact]
    public void Probability_is_over_all_candidates_even_for_a_short_list()
    {
        var request = Requests.Typical(40, 5);
        request.Options.DisableReranking = true;
        var top = Engine.Rank(request, Requests.Now);
        request.K = 40;
        var all = Engine.Rank(request, Requests.Now);
        Assert.Equal(all.Items.Take(5).Select(i => i.Probability), top.Items.Select(i => i.Probability));
        Assert.True(top.Items.Sum(i => i.Probability) < 1);
    }

    [Fact]
    public void Temperature_from_the_request_changes_probabilities_not_order()
    {
        var request = Requests.Typical(20, 20);
        request.Options.DisableReranking = true;
        var normal = Engine.Rank(request, Requests.Now);
        request.Options.Temperature = 5;
        var flat = Engine.Rank(request, Requests.Now);
        Assert.Equal(normal.Items.Select(i => i.ItemId), flat.Items.Select(i => i.ItemId));
        Assert.True(flat.Items[0].Probability < normal.Items[0].Probability);
    }

    [Fact]
    public void Contributions_sum_to_score_minus_bias_and_every_item_has_a_reason()
    {
        var response = Engine.Rank(Requests.Typical(30, 10), Requests.Now);
        Assert.Equal(10, response.Items.Count);
        Assert.All(response.Items, item =>
        {
            Assert.Equal(item.Score - BuiltInModel.Instance.Bias, item.Contributions.Sum(c => c.Contribution), 1e-9);
            Assert.False(string.IsNullOrEmpty(item.Reason.Text));
            Assert.Equal("i1", item.InterestId);
        });
    }

    [Fact]
    public void Missing_features_are_listed_and_noted()
    {
        var request = Requests.Typical(10, 10);
        request.Candidates[3].ClearPopularity();
        request.Candidates[3].Covisitation = 0.5;
        var response = Engine.Rank(request, Requests.Now);

        var three = response.Items.Single(i => i.ItemId == "item3");
        Assert.Equal(["popularity", "freshness", "history_similarity"], three.MissingFeatures);
        Assert.Contains("covisitation", three.Contributions.Select(c => c.Feature));
        Assert.DoesNotContain("popularity", three.Contributions.Select(c => c.Feature));
        var other = response.Items.First(i => i.ItemId != "item3");
        Assert.Equal(["covisitation", "freshness", "history_similarity"], other.MissingFeatures);
        Assert.Contains("popularity absent for 1 of 10 candidates (not counted as zero)", response.Notes);
        Assert.Contains("covisitation absent for 9 of 10 candidates (not counted as zero)", response.Notes);
        Assert.Contains("freshness absent for 10 of 10 candidates (not counted as zero)", response.Notes);
    }

    [Fact]
    public void K_above_the_candidate_count_is_clamped_with_a_note()
    {
        var response = Engine.Rank(Requests.Typical(5, 50), Requests.Now);
        Assert.Equal(5, response.Items.Count);
        Assert.Contains("k=50 is more than the 5 candidates; returning 5", response.Notes);
    }

    [Fact]
    public void Pure_relevance_settings_match_score_order()
    {
        var request = Requests.Typical(50, 20);
        request.Options.DiversityLambda = 1;
        request.Options.CalibrationWeight = 0;
        var reranked = Engine.Rank(request, Requests.Now);
        request.Options = new RankOptions { DisableReranking = true };
        var plain = Engine.Rank(request, Requests.Now);
        Assert.Equal(plain.Items.Select(i => i.ItemId), reranked.Items.Select(i => i.ItemId));
    }

    [Fact]
    public void Calibration_pulls_the_list_towards_the_users_mix()
    {
        // User: 70% Drama, 30% Comedy at the top level; the model prefers Drama through category interest.
        var user = Requests.User(("Drama", 0.7), ("Comedy", 0.3));
        var candidates = Enumerable.Range(0, 20).Select(i => Requests.Candidate($"m{i}", i < 12 ? "Drama" : "Comedy", popularity: 0.5 - i * 0.01)).ToArray();
        var request = Requests.Request(user, 10, candidates);
        request.Options.DiversityLambda = 1;
        request.Options.CalibrationWeight = 0;
        var plain = Engine.Rank(request, Requests.Now);
        request.Options.CalibrationWeight = 0.5;
        var balanced = Engine.Rank(request, Requests.Now);
        request.Options.CalibrationWeight = 1;
        var calibrated = Engine.Rank(request, Requests.Now);

        Assert.Equal(0, plain.Items.Count(i => i.CategoryPath == "Comedy"));
        Assert.InRange(balanced.Items.Count(i => i.CategoryPath == "Comedy"), 1, 3);
        Assert.Equal(3, calibrated.Items.Count(i => i.CategoryPath == "Comedy")); // 30% of 10
        Assert.Contains(calibrated.Notes, n => n.Contains("calibration_weight=1 at category depth 1"));
    }

    [Fact]
    public void Calibration_without_a_profile_is_skipped_with_a_note()
    {
        var request = Requests.Request(new UserContext(), 3, Requests.Candidate("a", popularity: 0.2), Requests.Candidate("b", popularity: 0.4));
        var response = Engine.Rank(request, Requests.Now);
        Assert.Equal(["b", "a"], response.Items.Select(i => i.ItemId));
        Assert.Contains("calibration skipped: the user has no category distribution", response.Notes);
        Assert.All(response.Items, i => Assert.Equal((Reason.Types.Kind.Popular, "Popular this week"), (i.Reason.Kind, i.Reason.Text)));
    }

    [Fact]
    public void Invalid_request_throws_with_the_field()
    {
        var error = Assert.Throws<RankRequestException>(() => Engine.Rank(Requests.Request(new UserContext(), 0, Requests.Candidate("a")), Requests.Now));
        Assert.Equal("k", error.Field);
    }
}
