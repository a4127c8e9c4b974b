using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.History;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class InterestHistoryTests
{
    private const double HalfLifeDays = 90;

    private static InterestEngine Engine(Action<HistoryOptions>? configure = null)
    {
        var options = new InterestModelOptions();
        configure?.Invoke(options.History);
        var engine = NewEngine(options);
        engine.UpsertItems([new ItemInfo("phone", "Electronics/Phones"), new ItemInfo("novel", "Books/Fiction"), new ItemInfo("both", ["Electronics/Phones", "Books/Fiction"])]);
        return engine;
    }

    private static double Decay(double days) => Math.Pow(2, -days / HalfLifeDays);

    private static PeriodCategory Category(HistoryPeriod period, string path) => period.Categories.Single(c => c.Path == path);

    [Fact]
    public void Each_day_holds_its_events_decayed_to_the_day_end_and_the_decayed_mass_carries_over_every_day_between()
    {
        using var engine = Engine();
        engine.Record([
            View("u", "phone", Epoch.AddHours(12)),
            Event("u", "novel", ActionKind.Purchase, Epoch.AddDays(10).AddHours(18)),
        ]);

        var history = engine.GetInterestHistory("u");

        Assert.Equal(HistoryGranularity.Day, history.Granularity);
        Assert.Equal(11, history.Periods.Count);
        Assert.Equal(Enumerable.Range(0, 11).Select(d => Epoch.AddDays(d)), history.Periods.Select(p => p.Start));
        var first = Category(history.Periods[0], "Electronics");
        Assert.Equal(Decay(0.5), first.Mass, 6);
        Assert.Equal(1, first.Events);
        Assert.Equal(1.0, first.Share, 12);
        var emptyDay = history.Periods[5];
        Assert.Equal(0, emptyDay.Events);
        Assert.Equal(Decay(5.5), Category(emptyDay, "Electronics").DecayedMass, 6);
        var last = history.Periods[10];
        var books = Category(last, "Books");
        var electronics = Category(last, "Electronics");
        Assert.Equal(5 * Decay(0.25), books.Mass, 5);
        Assert.Equal(0, electronics.Mass);
        Assert.Equal(Decay(10.5), electronics.DecayedMass, 6);
        Assert.Equal(books.DecayedMass / (books.DecayedMass + electronics.DecayedMass), books.Share, 9);
        Assert.Equal("Books", last.Categories[0].Path); // largest decayed mass first
    }

    [Fact]
    public void An_item_in_two_categories_splits_its_mass_and_the_order_of_arrival_does_not_matter()
    {
        using var inOrder = Engine();
        using var reversed = Engine();
        var events = Enumerable.Range(0, 6).Select(i => View("u", i % 2 == 0 ? "both" : "phone", Epoch.AddHours(9 * i), $"e{i}")).ToList();
        inOrder.Record(events);
        reversed.Record(Enumerable.Reverse(events).ToList());

        var a = inOrder.GetInterestHistory("u");
        var b = reversed.GetInterestHistory("u");

        Assert.Equal(a.Periods.Count, b.Periods.Count);
        for (var p = 0; p < a.Periods.Count; p++)
        {
            Assert.Equal(a.Periods[p].Categories.Select(c => (c.Path, Math.Round(c.Mass, 5), c.Events)), b.Periods[p].Categories.Select(c => (c.Path, Math.Round(c.Mass, 5), c.Events)));
        }
        var day0 = a.Periods[0];
        // Day 0: "both" at 00:00 and 18:00 (half to each category), "phone" at 09:00.
        Assert.Equal(0.5 * Decay(1) + 0.5 * Decay(0.25), Category(day0, "Books").Mass, 5);
        Assert.Equal(0.5 * Decay(1) + Decay(15.0 / 24) + 0.5 * Decay(0.25), Category(day0, "Electronics").Mass, 5);
        Assert.Equal((3, 2), (Category(day0, "Electronics").Events, Category(day0, "Books").Events));
    }

    [Fact]
    public void A_long_history_is_reported_by_week_starting_on_monday_with_the_days_decayed_to_the_week_end()
    {
        using var engine = Engine(h => h.DailyUpToDays = 14);
        // Epoch is Friday 2024-03-01; its week began on Monday 2024-02-26 and ends on 2024-03-04.
        engine.Record([View("u", "phone", Epoch.AddHours(12)), View("u", "novel", Epoch.AddDays(30).AddHours(12))]);

        var history = engine.GetInterestHistory("u");
        var daily = engine.GetInterestHistory("u", HistoryGranularity.Day);

        Assert.Equal(HistoryGranularity.Week, history.Granularity);
        Assert.Equal(new DateTimeOffset(2024, 2, 26, 0, 0, 0, TimeSpan.Zero), history.Periods[0].Start);
        Assert.All(history.Periods, p => Assert.Equal(DayOfWeek.Monday, p.Start.DayOfWeek));
        Assert.Equal(5, history.Periods.Count); // weeks of 02-26, 03-04, 03-11, 03-18, 03-25 (holds 03-31)
        Assert.Equal(Decay(2.5), Category(history.Periods[0], "Electronics").Mass, 5); // Friday noon to the end of Sunday
        Assert.Equal(31, daily.Periods.Count);
    }

    [Fact]
    public void Days_older_than_the_retention_before_the_latest_event_are_dropped_and_stay_out()
    {
        using var engine = Engine(h => h.RetentionDays = 10);
        engine.Record([View("u", "phone", Epoch), View("u", "novel", Epoch.AddDays(20))]);
        engine.Record([View("u", "phone", Epoch.AddDays(5))]); // late, and older than the window

        var history = engine.GetInterestHistory("u");

        var period = Assert.Single(history.Periods);
        Assert.Equal(Epoch.AddDays(20), period.Start);
        Assert.Equal(["Books"], period.Categories.Select(c => c.Path));
        Assert.Equal(3, engine.GetInterests("u").EventCount); // the model itself still counts every event
    }

    [Fact]
    public void A_user_keeps_at_most_the_configured_cells_dropping_whole_days_oldest_first()
    {
        using var engine = Engine(h => h.MaxCellsPerUser = 5);
        engine.Record(Enumerable.Range(0, 8).Select(d => View("u", "both", Epoch.AddDays(d))).ToList()); // two cells a day

        var history = engine.GetInterestHistory("u");

        Assert.Equal([Epoch.AddDays(6), Epoch.AddDays(7)], history.Periods.Select(p => p.Start));
        Assert.All(history.Periods, p => Assert.Equal(["Books", "Electronics"], p.Categories.Select(c => c.Path).Order()));
    }

    [Fact]
    public void Deleting_the_user_erases_the_history()
    {
        using var engine = Engine();
        engine.Record([View("u", "phone", Epoch), View("u", "novel", Epoch.AddDays(3))]);
        Assert.NotEmpty(engine.GetInterestHistory("u").Periods);

        Assert.True(engine.DeleteUser("u"));

        Assert.Empty(engine.GetInterestHistory("u").Periods);
        engine.Record([View("u", "novel", Epoch.AddDays(40))]);
        var after = Assert.Single(engine.GetInterestHistory("u").Periods);
        Assert.Equal(["Books"], after.Categories.Select(c => c.Path));
    }

    [Fact]
    public void The_history_is_persisted_with_the_user_in_a_snapshot()
    {
        using var engine = Engine(h => h.RetentionDays = 30);
        engine.Record(Enumerable.Range(0, 40).Select(i => View("u", i % 3 == 0 ? "novel" : "phone", Epoch.AddHours(19 * i))).ToList());
        using var stream = new MemoryStream();
        engine.WriteSnapshot(stream);
        stream.Position = 0;

        using var restored = InterestEngine.ReadSnapshot(stream, engine.Options, new FixedTime(Epoch.AddYears(5)));
        restored.Record([View("u", "phone", Epoch.AddDays(2))]); // inside the window, so both must add it
        engine.Record([View("u", "phone", Epoch.AddDays(2))]);

        Assert.Equal(Flatten(engine.GetInterestHistory("u")), Flatten(restored.GetInterestHistory("u")));
    }

    [Fact]
    public void A_snapshot_written_for_another_history_depth_is_refused()
    {
        using var engine = Engine();
        using var stream = new MemoryStream();
        engine.WriteSnapshot(stream);
        stream.Position = 0;
        var other = new InterestModelOptions();
        other.History.Depth = 2;

        var error = Assert.Throws<InvalidDataException>(() => InterestEngine.ReadSnapshot(stream, other));
        Assert.Contains("History.Depth", error.Message);
    }

    [Fact]
    public void Recent_users_come_latest_first_and_can_be_searched_by_prefix()
    {
        using var engine = Engine();
        engine.Record([View("ann", "phone", Epoch.AddDays(1)), View("bob", "phone", Epoch.AddDays(3)), View("abe", "novel", Epoch.AddDays(2)), View("cat", "novel", Epoch)]);

        Assert.Equal(["bob", "abe", "ann"], engine.ListRecentUsers(3).Select(u => u.UserId));
        Assert.Equal(["abe", "ann"], engine.ListRecentUsers(10, "a").Select(u => u.UserId));
        Assert.Equal(Epoch.AddDays(3), engine.ListRecentUsers(1)[0].LastEventAt);
    }

    [Fact]
    public void Invalid_history_settings_name_the_setting_and_the_limit()
    {
        var options = new InterestModelOptions();
        options.History.RetentionDays = 0;
        var error = Assert.Throws<ArgumentException>(() => NewEngine(options));
        Assert.Contains("History.RetentionDays must be 1 to 3660", error.Message);
    }

    private static List<string> Flatten(InterestHistory history) =>
        history.Periods.SelectMany(p => p.Categories.Select(c => $"{p.Start:yyyy-MM-dd} {c.Path} {c.Mass:F6} {c.DecayedMass:F6} {c.Events}")).ToList();
}
