using Recommender.InterestModel.Persistence;

namespace Recommender.InterestModel.Tests;

/// <summary>The global event-id dedupe window: retention by arrival time, the memory cap, snapshots.</summary>
public sealed class DedupeWindowTests
{
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
    private static readonly long Start = DateTimeOffset.Parse("2025-01-01T00:00:00Z").ToUnixTimeMilliseconds();

    [Fact]
    public void Ids_are_remembered_for_the_retention_and_forgotten_a_bucket_after()
    {
        var dedupe = new EventDeduplicator(new DedupeOptions { Retention = TimeSpan.FromDays(7), BucketWidth = TimeSpan.FromDays(1) });
        var first = DedupeKey.Of("u", "e1");
        dedupe.Add([first], Start);
        for (var day = 1; day <= 7; day++)
        {
            dedupe.Add([DedupeKey.Of("u", $"day{day}")], Start + day * Day);
            Assert.True(dedupe.Contains(first), $"forgotten after {day} days");
        }
        // Eight days on, the first bucket's successor started more than 7 days ago: the bucket goes.
        dedupe.Add([DedupeKey.Of("u", "day8")], Start + 8 * Day + 1);
        Assert.False(dedupe.Contains(first));
        Assert.True(dedupe.Contains(DedupeKey.Of("u", "day2")));
        Assert.Equal(0, dedupe.EarlyDrops);
    }

    [Fact]
    public void The_entry_cap_drops_the_oldest_bucket_early_and_says_so()
    {
        var options = new DedupeOptions { Retention = TimeSpan.FromDays(7), BucketWidth = TimeSpan.FromDays(1), MaxEntries = 1000 };
        var dedupe = new EventDeduplicator(options);
        for (var i = 0; i < 3000; i++)
        {
            dedupe.Add([DedupeKey.Of("u", $"e{i}")], Start + i); // all within one day: buckets close by size
        }
        Assert.InRange(dedupe.Count, 1, 1000);
        Assert.True(dedupe.EarlyDrops > 0);
        Assert.True(dedupe.Contains(DedupeKey.Of("u", "e2999")));
        Assert.False(dedupe.Contains(DedupeKey.Of("u", "e0")));
        Assert.True(dedupe.CoveredSince > DateTimeOffset.FromUnixTimeMilliseconds(Start));
    }

    [Fact]
    public void A_snapshot_restores_the_same_window()
    {
        var options = new DedupeOptions();
        var dedupe = new EventDeduplicator(options);
        var keys = Enumerable.Range(0, 5000).Select(i => DedupeKey.Of($"user{i % 7}", $"event{i}")).ToList();
        for (var i = 0; i < keys.Count; i += 100)
        {
            dedupe.Add(keys.Skip(i).Take(100).ToList(), Start + i * 60_000L);
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            dedupe.Write(writer);
        }
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var restored = EventDeduplicator.Read(reader, options);
        Assert.Equal(dedupe.Count, restored.Count);
        Assert.Equal(dedupe.CoveredSince, restored.CoveredSince);
        Assert.All(keys, key => Assert.True(restored.Contains(key)));
        Assert.False(restored.Contains(DedupeKey.Of("user0", "never-sent")));
    }

    [Fact]
    public void Keys_separate_users_and_do_not_collide_on_concatenation()
    {
        Assert.NotEqual(DedupeKey.Of("ab", "c"), DedupeKey.Of("a", "bc"));
        Assert.NotEqual(DedupeKey.Of("u1", "e"), DedupeKey.Of("u2", "e"));
        Assert.Equal(DedupeKey.Of("u", "e"), DedupeKey.Of("u", "e"));
    }

    [Fact]
    public void The_hash_set_holds_every_key_it_was_given_including_zero()
    {
        var set = new UInt64Set();
        var random = new Random(5);
        var keys = Enumerable.Range(0, 100_000).Select(_ => (ulong)random.NextInt64()).Append(0UL).Distinct().ToList();
        foreach (var key in keys)
        {
            Assert.True(set.Add(key));
        }
        Assert.False(set.Add(keys[17]));
        Assert.Equal(keys.Count, set.Count);
        Assert.All(keys, key => Assert.True(set.Contains(key)));
        Assert.Equal(0, Enumerable.Range(0, 10_000).Count(_ => set.Contains((ulong)random.NextInt64() | 1UL << 63)));
    }
}
