using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class SnapshotTests
{
    private static InterestEngine Populated(InterestModelOptions options)
    {
        var engine = NewEngine(options);
        engine.UpsertItems([
            new ItemInfo("a", "A/x", [1f, 0f]), new ItemInfo("b", "A/y", [0f, 1f]), new ItemInfo("c", ["B/z", "C"]),
        ]);
        var random = new Random(3);
        string[] items = ["a", "b", "c"];
        for (var u = 0; u < 30; u++)
        {
            engine.Record(Enumerable.Range(0, 25).Select(i => Event($"u{u}", items[random.Next(3)], (ActionKind)random.Next(4), Epoch.AddMinutes(7 * i + u))).ToList());
        }
        engine.RefitPrior();
        engine.Record([View("u0", "not-yet", Epoch.AddHours(1), "pending-1")]);
        return engine;
    }

    private static byte[] Snapshot(InterestEngine engine)
    {
        using var stream = new MemoryStream();
        engine.WriteSnapshot(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_restored_engine_answers_and_evolves_exactly_like_the_original()
    {
        var options = ReportEverything();
        using var original = Populated(options);
        using var restored = InterestEngine.ReadSnapshot(new MemoryStream(Snapshot(original)), options, new FixedTime(Epoch.AddYears(5)));
        Assert.Equal(original.Counts, restored.Counts);

        foreach (var engine in new[] { original, restored })
        {
            Assert.Equal(1, engine.Record([View("u1", "a", Epoch.AddHours(2), "later")]).Applied);
            Assert.Equal(1, engine.Record([View("u1", "a", Epoch.AddHours(2), "later")]).Duplicates);
            Assert.Equal(1, engine.UpsertItems([new ItemInfo("not-yet", "D")]).ResolvedPendingEvents);
        }
        var asOf = Epoch.AddHours(3);
        foreach (var user in new[] { "u0", "u1", "u17", "nobody" })
        {
            var a = original.GetInterests(user, asOf);
            var b = restored.GetInterests(user, asOf);
            Assert.Equal(Flatten(a), Flatten(b));
            Assert.Equal(a.Drift.Score, b.Drift.Score);
            Assert.Equal(a.TopInterests.Select(i => (i.Path, i.Vector?.Sum())), b.TopInterests.Select(i => (i.Path, i.Vector?.Sum())));
            Assert.Equal(a.RecentItems, b.RecentItems);
        }
        Assert.Equal(original.GetItemSignals("u3", ["a", "b", "c"], asOf), restored.GetItemSignals("u3", ["a", "b", "c"], asOf));
        Assert.Equal(Snapshot(original), Snapshot(restored));
    }

    private static List<(string, double, double, double, int)> Flatten(InterestProfile profile) =>
        profile.LongTerm.Concat(profile.ShortTerm).SelectMany(l => l.Nodes).Select(n => (n.Path, n.Probability, n.Lower, n.Upper, n.EvidenceCount)).ToList();

    [Fact]
    public void A_snapshot_written_under_other_half_lives_is_refused()
    {
        var options = new InterestModelOptions();
        using var engine = Populated(options);
        var other = new InterestModelOptions();
        other.Estimation.LongTermHalfLife = TimeSpan.FromDays(7);
        var error = Assert.Throws<InvalidDataException>(() => InterestEngine.ReadSnapshot(new MemoryStream(Snapshot(engine)), other));
        Assert.Contains("Estimation.LongTermHalfLife", error.Message);
    }

    [Fact]
    public void Truncated_or_foreign_data_is_refused()
    {
        var options = new InterestModelOptions();
        using var engine = Populated(options);
        var bytes = Snapshot(engine);
        Assert.Throws<InvalidDataException>(() => InterestEngine.ReadSnapshot(new MemoryStream(bytes[..(bytes.Length / 2)]), options));
        Assert.Throws<InvalidDataException>(() => InterestEngine.ReadSnapshot(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]), options));
    }
}
