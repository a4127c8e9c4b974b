using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class ValidationTests
{
    private static readonly DateTimeOffset Now = Epoch.AddDays(30);

    private static Engine.InterestEngine EngineWithItem(InterestModelOptions? options = null)
    {
        var engine = NewEngine(options, Now);
        engine.UpsertItems([new ItemInfo("a", "A")]);
        return engine;
    }

    private static InterestValidationException Rejects(Engine.InterestEngine engine, params InterestEvent[] events) =>
        Assert.Throws<InterestValidationException>(() => engine.Record(events));

    [Fact]
    public void Unknown_action_names_the_field()
    {
        using var engine = EngineWithItem();
        var error = Rejects(engine, View("u", "a", Epoch), Event("u", "a", (ActionKind)42, Epoch));
        Assert.Equal("events[1].action", error.Field);
        Assert.Contains("42", error.Message);
    }

    [Theory]
    [InlineData(5.5)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Rating_outside_its_range_names_the_range(double value)
    {
        using var engine = EngineWithItem();
        var error = Rejects(engine, Event("u", "a", ActionKind.Rating, Epoch, rating: value));
        Assert.Equal("events[0].rating", error.Field);
        Assert.Equal("a value in [0.5, 5]", error.Limit);
    }

    [Fact]
    public void Rating_value_must_come_with_rating_events_only()
    {
        using var engine = EngineWithItem();
        Assert.Equal("events[0].rating", Rejects(engine, Event("u", "a", ActionKind.Rating, Epoch)).Field);
        Assert.Equal("events[0].rating", Rejects(engine, Event("u", "a", ActionKind.View, Epoch, rating: 3)).Field);
    }

    [Fact]
    public void A_timestamp_far_in_the_future_is_rejected_with_the_skew_limit()
    {
        using var engine = EngineWithItem();
        var error = Rejects(engine, View("u", "a", Now.AddMinutes(10)));
        Assert.Equal("events[0].timestamp", error.Field);
        Assert.Contains("00:05:00", error.Limit);
        Assert.Equal(1, engine.Record([View("u", "a", Now.AddMinutes(4))]).Applied); // within the skew
        Assert.Equal("events[0].timestamp", Rejects(engine, View("u", "a", DateTimeOffset.UnixEpoch.AddDays(-1))).Field);
    }

    [Theory]
    [InlineData("", "a", "e", "user_id")]
    [InlineData("u", " ", "e", "item_id")]
    [InlineData("u", "a", "", "event_id")]
    public void Empty_ids_are_rejected(string user, string item, string id, string field)
    {
        using var engine = EngineWithItem();
        Assert.Equal($"events[0].{field}", Rejects(engine, View(user, item, Epoch, id)).Field);
    }

    [Fact]
    public void Overlong_ids_and_oversized_batches_are_rejected()
    {
        var options = new InterestModelOptions();
        options.Limits.MaxBatchSize = 3;
        using var engine = EngineWithItem(options);
        var error = Rejects(engine, View(new string('u', 129), "a", Epoch));
        Assert.Equal("at most 128 characters", error.Limit);
        var batch = Rejects(engine, Enumerable.Range(0, 4).Select(i => View("u", "a", Epoch)).ToArray());
        Assert.Equal("events", batch.Field);
        Assert.Equal("at most 3 events per batch", batch.Limit);
    }

    [Fact]
    public void Nothing_of_a_batch_is_applied_when_one_event_is_bad()
    {
        using var engine = EngineWithItem();
        Rejects(engine, View("u", "a", Epoch, "good"), Event("u", "a", ActionKind.Rating, Epoch, rating: 9));
        Assert.True(engine.GetInterests("u", Epoch).IsColdStart);
        Assert.Equal(1, engine.Record([View("u", "a", Epoch, "good")]).Applied); // the good id was not remembered either
    }

    [Theory]
    [InlineData("", "items[0].category_paths[0]")]
    [InlineData("A//B", "items[0].category_paths[0]")]
    [InlineData("A/B/C/D/E/F/G/H/I", "items[0].category_paths[0]")]
    public void Bad_category_paths_are_rejected(string path, string field)
    {
        using var engine = NewEngine();
        var error = Assert.Throws<InterestValidationException>(() => engine.UpsertItems([new ItemInfo("x", path)]));
        Assert.Equal(field, error.Field);
        Assert.Equal(1, engine.Counts.CategoryNodes);
    }

    [Fact]
    public void Bad_embeddings_and_missing_categories_are_rejected()
    {
        using var engine = NewEngine();
        var nan = Assert.Throws<InterestValidationException>(() => engine.UpsertItems([new ItemInfo("x", "A", [1f, float.NaN])]));
        Assert.Equal("items[0].embedding", nan.Field);
        var none = Assert.Throws<InterestValidationException>(() => engine.UpsertItems([new ItemInfo("x", Array.Empty<string>())]));
        Assert.Equal("items[0].category_paths", none.Field);
        Assert.Equal(0, engine.Counts.Items);
    }

    [Fact]
    public void Reads_validate_their_arguments()
    {
        var options = new InterestModelOptions();
        options.Limits.MaxSignalCandidates = 2;
        using var engine = NewEngine(options);
        Assert.Equal("user_id", Assert.Throws<InterestValidationException>(() => engine.GetInterests("")).Field);
        Assert.Equal("candidate_ids", Assert.Throws<InterestValidationException>(() => engine.GetItemSignals("u", ["a", "b", "c"])).Field);
        Assert.Equal("candidate_ids[1]", Assert.Throws<InterestValidationException>(() => engine.GetItemSignals("u", ["a", ""])).Field);
    }

    [Fact]
    public void Capacities_reject_the_whole_request()
    {
        var options = new InterestModelOptions();
        options.Limits.MaxCategoryNodes = 4; // root + 3
        options.Limits.MaxItems = 2;
        using var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("a", "A/B")]);
        Assert.Throws<InterestCapacityException>(() => engine.UpsertItems([new ItemInfo("b", "C/D")]));
        Assert.Equal(3, engine.Counts.CategoryNodes);
        Assert.Equal(1, engine.Counts.Items);
        engine.UpsertItems([new ItemInfo("b", "C")]);
        Assert.Throws<InterestCapacityException>(() => engine.UpsertItems([new ItemInfo("c", "A")]));
    }

    [Fact]
    public void A_full_user_store_refuses_new_users_but_not_known_ones()
    {
        var options = new InterestModelOptions();
        options.Limits.MaxUsers = 2;
        using var engine = EngineWithItem(options);
        engine.Record([View("u1", "a", Epoch), View("u2", "a", Epoch)]);
        var error = Assert.Throws<InterestCapacityException>(() => engine.Record([View("u1", "a", Epoch), View("u3", "a", Epoch)]));
        Assert.Equal(2, error.Limit);
        Assert.Equal(1, engine.GetInterests("u1", Epoch).EventCount);
        Assert.Equal(1, engine.Record([View("u2", "a", Epoch)]).Applied);
    }

    [Fact]
    public void Nonsensical_options_are_refused_at_construction()
    {
        var options = new InterestModelOptions();
        options.Estimation.ShortTermHalfLife = TimeSpan.FromDays(400);
        Assert.Contains("ShortTermHalfLife", Assert.Throws<ArgumentException>(() => NewEngine(options)).Message);
        var weights = new InterestModelOptions();
        weights.ActionWeights.Purchase = 0;
        Assert.Contains("Purchase", Assert.Throws<ArgumentException>(() => NewEngine(weights)).Message);
    }
}
