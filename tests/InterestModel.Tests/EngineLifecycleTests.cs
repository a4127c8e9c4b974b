using Recommender.InterestModel.Domain;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class EngineLifecycleTests
{
    [Fact]
    public void Deleting_a_user_erases_their_profile()
    {
        using var engine = NewEngine();
        engine.UpsertItems([new ItemInfo("a", "A")]);
        engine.Record([View("u", "a", Epoch, "e1")]);
        Assert.True(engine.DeleteUser("u"));
        Assert.False(engine.DeleteUser("u"));
        var profile = engine.GetInterests("u", Epoch);
        Assert.True(profile.IsColdStart);
        Assert.Empty(profile.RecentItems);
        Assert.Equal(1, engine.Record([View("u", "a", Epoch, "e1")]).Applied); // a new life starts from nothing
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_see_consistent_state()
    {
        using var engine = NewEngine();
        engine.UpsertItems(Enumerable.Range(0, 20).Select(i => new ItemInfo($"i{i}", $"C{i % 4}/S{i % 7}")).ToList());
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                engine.Record([View($"user{w}", $"i{i % 20}", Epoch.AddMinutes(i), $"w{w}-{i}")]);
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var profile = engine.GetInterests($"user{i % 3}", Epoch.AddDays(1));
                Assert.Equal(1.0, profile.LongTerm[0].Nodes.Sum(n => n.Probability), 9);
                engine.GetItemSignals($"user{i % 3}", ["i1", "i2"], Epoch.AddDays(1));
            }
        }));
        await Task.WhenAll([.. writers, .. readers]);
        for (var w = 0; w < 3; w++)
        {
            Assert.Equal(300, engine.GetInterests($"user{w}", Epoch.AddDays(1)).EventCount);
        }
    }
}
