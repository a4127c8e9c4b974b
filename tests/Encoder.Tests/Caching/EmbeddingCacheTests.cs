using Recommender.Encoder.Caching;
using Recommender.Encoder.Tests.Batching;

namespace Recommender.Encoder.Tests.Caching;

public sealed class EmbeddingCacheTests
{
    private const string Model = "m";

    private static float[] Vector(float value, int dimension = 4) => Enumerable.Repeat(value, dimension).ToArray();

    private static EmbeddingCache CacheHolding(int entries, string textLike = "aa", int dimension = 4) =>
        new(new EmbeddingCacheOptions { CapacityBytes = entries * EmbeddingCache.EntryBytes(Model, textLike, dimension) });

    [Fact]
    public void The_least_recently_used_entry_is_evicted_when_the_bytes_run_out()
    {
        using var cache = CacheHolding(2);
        cache.Set(Model, "aa", Vector(1));
        cache.Set(Model, "bb", Vector(2));
        Assert.True(cache.TryGet(Model, "aa", out _)); // "aa" is now the most recently used

        cache.Set(Model, "cc", Vector(3));

        Assert.False(cache.TryGet(Model, "bb", out _));
        Assert.True(cache.TryGet(Model, "aa", out var a));
        Assert.Equal(Vector(1), a);
        Assert.True(cache.TryGet(Model, "cc", out var c));
        Assert.Equal(Vector(3), c);
        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Evictions);
        Assert.True(cache.SizeBytes <= cache.CapacityBytes);
    }

    [Fact]
    public void Keys_count_toward_the_bound_so_a_long_text_evicts_several_short_ones()
    {
        using var cache = CacheHolding(4);
        foreach (var text in new[] { "aa", "bb", "cc", "dd" })
        {
            cache.Set(Model, text, Vector(1));
        }

        // Counted like 2.5 short entries: it fits beside one short entry only.
        var longText = new string('x', 150);
        Assert.InRange(EmbeddingCache.EntryBytes(Model, longText, 4), 2 * EmbeddingCache.EntryBytes(Model, "aa", 4) + 1,
            3 * EmbeddingCache.EntryBytes(Model, "aa", 4));
        cache.Set(Model, longText, Vector(2));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(Model, longText, out _));
        Assert.True(cache.TryGet(Model, "dd", out _));
        Assert.Equal(EmbeddingCache.EntryBytes(Model, longText, 4) + EmbeddingCache.EntryBytes(Model, "dd", 4), cache.SizeBytes);
        Assert.Equal(3, cache.Evictions);
    }

    [Fact]
    public void Vectors_count_toward_the_bound()
    {
        Assert.Equal(EmbeddingCache.EntryBytes(Model, "aa", 4) + 4 * 380, EmbeddingCache.EntryBytes(Model, "aa", 384));
        using var cache = CacheHolding(3, dimension: 4);
        cache.Set(Model, "big", Vector(1, 384));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void An_entry_larger_than_the_bound_is_not_stored_and_evicts_nothing()
    {
        using var cache = CacheHolding(1);
        cache.Set(Model, "aa", Vector(1));

        cache.Set(Model, new string('z', 1000), Vector(2));

        Assert.True(cache.TryGet(Model, "aa", out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Replacing_an_entry_updates_its_vector_and_size()
    {
        using var cache = CacheHolding(3);
        cache.Set(Model, "aa", Vector(1));
        cache.Set(Model, "aa", Vector(5, 8));

        Assert.True(cache.TryGet(Model, "aa", out var vector));
        Assert.Equal(Vector(5, 8), vector);
        Assert.Equal(EmbeddingCache.EntryBytes(Model, "aa", 8), cache.SizeBytes);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void The_same_text_under_two_models_is_two_entries()
    {
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        cache.Set("glove", "hello", Vector(1));
        cache.Set("minilm", "hello", Vector(2));

        Assert.True(cache.TryGet("glove", "hello", out var glove));
        Assert.True(cache.TryGet("minilm", "hello", out var minilm));
        Assert.Equal(Vector(1), glove);
        Assert.Equal(Vector(2), minilm);
    }

    [Fact]
    public void Callers_get_copies_so_changing_them_does_not_change_the_cache()
    {
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        var stored = Vector(1);
        cache.Set(Model, "aa", stored);
        stored[0] = 99;
        Assert.True(cache.TryGet(Model, "aa", out var first));
        first[1] = 42;

        Assert.True(cache.TryGet(Model, "aa", out var second));
        Assert.Equal(Vector(1), second);
    }

    [Fact]
    public void Hits_misses_and_the_hit_ratio_are_counted_and_published()
    {
        using var metrics = new MetricRecorder(model: null);
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        var model = "ratio-" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, cache.HitRatio);

        cache.TryGet(model, "a", out _);
        cache.Set(model, "a", Vector(1));
        cache.TryGet(model, "a", out _);
        cache.TryGet(model, "a", out _);
        cache.TryGet(model, "b", out _);

        Assert.Equal(2, cache.Hits);
        Assert.Equal(2, cache.Misses);
        Assert.Equal(0.5, cache.HitRatio);
        Assert.Equal(2, metrics.Values("encoder.cache.hits", "model", model).Sum());
        Assert.Equal(2, metrics.Values("encoder.cache.misses", "model", model).Sum());
        metrics.Observe();
        Assert.Contains(0.5, metrics.Values("encoder.cache.hit_ratio"));
    }

    [Fact]
    public void A_zero_capacity_turns_the_cache_off()
    {
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions { CapacityBytes = 0 });
        cache.Set(Model, "aa", Vector(1));

        Assert.False(cache.TryGet(Model, "aa", out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Misses);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData((64L << 30) + 1)]
    public void A_capacity_outside_its_limits_is_rejected_with_its_name(long capacity)
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbeddingCache(new EmbeddingCacheOptions { CapacityBytes = capacity }));
        Assert.Contains("Encoder:Cache:CapacityBytes must be between 0 and", error.Message);
    }

    [Fact]
    public async Task Concurrent_use_keeps_the_bound_and_returns_only_correct_vectors()
    {
        using var cache = CacheHolding(50, textLike: "text-00");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 20_000; i++)
            {
                var key = random.Next(100);
                var text = $"text-{key:00}";
                if (cache.TryGet(Model, text, out var vector))
                {
                    Assert.Equal(Vector(key), vector);
                }
                else
                {
                    cache.Set(Model, text, Vector(key));
                }

                Assert.True(cache.SizeBytes <= cache.CapacityBytes);
            }
        })));

        Assert.Equal(cache.Count * EmbeddingCache.EntryBytes(Model, "text-00", 4), cache.SizeBytes);
        Assert.InRange(cache.Count, 1, 50);
    }
}
