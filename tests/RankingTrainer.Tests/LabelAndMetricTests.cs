using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.RankingTrainer.Tests;

public sealed class LabelAndMetricTests
{
    private static RecentItem Recent(string id, int minute) => new()
    {
        ItemId = id,
        Timestamp = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 12, minute, 0, TimeSpan.Zero)),
    };

    [Fact]
    public void The_label_is_the_earliest_event_after_the_snapshot_not_the_latest()
    {
        var snapshotAt = new DateTimeOffset(2026, 12, 1, 12, 10, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var recent = new[] { Recent("latest", 30), Recent("next", 20), Recent("before", 10), Recent("older", 5) };
        Assert.Equal("next", Labeler.NextItem(recent, snapshotAt));
        Assert.Null(Labeler.NextItem(recent.Skip(2), snapshotAt));
    }

    [Fact]
    public void Ndcg_counts_ties_against_the_labelled_item()
    {
        var model = new RankingModel("m", TrainingObjective.Softmax, 0, [new FeatureWeight(RankingFeature.Popularity, 1, 0, 1)]);
        FeatureVector Popularity(double value) => FeatureVector.Of((RankingFeature.Popularity, value));
        Assert.Equal(1.0, HeldOutMetric.Ndcg(model, new TrainingList([Popularity(5), Popularity(1), Popularity(2)], 0)), 9);
        Assert.Equal(1 / Math.Log2(3), HeldOutMetric.Ndcg(model, new TrainingList([Popularity(5), Popularity(1), Popularity(2)], 2)), 9);
        Assert.Equal(0.5, HeldOutMetric.Ndcg(model, new TrainingList([Popularity(2), Popularity(2), Popularity(2), Popularity(1)], 0)), 9);
        Assert.Equal(0.0, HeldOutMetric.Ndcg(model, new TrainingList(Enumerable.Range(0, 12).Select(_ => Popularity(3)).ToList(), 0)), 9);
    }

    [Fact]
    public void Held_out_users_are_a_stable_share()
    {
        var ids = Enumerable.Range(0, 5000).Select(i => $"user-{i}").ToList();
        var share = ids.Count(id => HeldOutMetric.IsHeldOut(id, 20)) / (double)ids.Count;
        Assert.InRange(share, 0.17, 0.23);
        Assert.All(ids.Take(50), id => Assert.Equal(HeldOutMetric.IsHeldOut(id, 20), HeldOutMetric.IsHeldOut(id, 20)));
    }

    [Theory]
    [InlineData(new[] { "--held-out-percent", "95" }, "--held-out-percent must be 1 to 90, got 95")]
    [InlineData(new[] { "--pool", "x" }, "--pool must be a whole number, got x")]
    [InlineData(new[] { "--objective", "magic" }, "--objective must be softmax, logistic or pairwise, got magic")]
    [InlineData(new[] { "--colour", "red" }, "unknown option --colour")]
    [InlineData(new[] { "retrain" }, "unknown command retrain")]
    public void Bad_arguments_name_the_option_and_its_limit(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainerArguments.Parse(args));
        Assert.StartsWith(message, error.Message);
    }
}
