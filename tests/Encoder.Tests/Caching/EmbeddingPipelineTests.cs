using Recommender.Encoder.Batching;
using Recommender.Encoder.Caching;
using Recommender.Encoder.Tests.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Caching;

public sealed class EmbeddingPipelineTests
{
    /// <summary>A stand-in tokenizer: one id per character, with [CLS] and [SEP].</summary>
    private static int[][] Tokenize(IEnumerable<string> texts) => [.. texts.Select(t => (int[])[101, .. t.Select(c => (int)c), 102])];

    private static float[] Expected(string text) => RecordingInference.Embed(Tokenize([text])[0]);

    [Fact]
    public async Task A_text_repeated_in_a_request_is_computed_once_and_every_position_gets_its_vector()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions());
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions { CapacityBytes = 0 });
        var pipeline = new EmbeddingPipeline(batcher, cache);
        string[] texts = ["red shoes", "blue hat", "red shoes", "red shoes", "green"];

        var vectors = await pipeline.EmbedAsync(texts, Tokenize(texts), DateTime.MaxValue).WaitAsync(Patience);

        Assert.Equal(texts.Select(Expected), vectors);
        Assert.Equal(3, inference.Batches.Sum(b => b.Length));
        Assert.NotSame(vectors[0], vectors[2]);
    }

    [Fact]
    public async Task Cached_texts_skip_the_batcher_and_the_order_is_kept_across_hits_and_misses()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions());
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        var pipeline = new EmbeddingPipeline(batcher, cache);
        string[] first = ["alpha", "beta"];
        await pipeline.EmbedAsync(first, Tokenize(first), DateTime.MaxValue).WaitAsync(Patience);
        var computedBefore = inference.Batches.Sum(b => b.Length);

        string[] second = ["gamma", "beta", "delta", "alpha"];
        var vectors = await pipeline.EmbedAsync(second, Tokenize(second), DateTime.MaxValue).WaitAsync(Patience);

        Assert.Equal(second.Select(Expected), vectors);
        Assert.Equal(2, inference.Batches.Sum(b => b.Length) - computedBefore);
        Assert.Equal(2, cache.Hits);

        var allCached = await pipeline.EmbedAsync(second, Tokenize(second), DateTime.MaxValue).WaitAsync(Patience);
        Assert.Equal(second.Select(Expected), allCached);
        Assert.Equal(computedBefore + 2, inference.Batches.Sum(b => b.Length));
    }

    [Fact]
    public async Task Models_have_separate_cache_entries()
    {
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        var first = new RecordingInference();
        var second = new RecordingInference();
        await using var firstBatcher = Create(first, new BatcherOptions());
        await using var secondBatcher = Create(second, new BatcherOptions());
        string[] texts = ["same text"];

        await new EmbeddingPipeline(firstBatcher, cache).EmbedAsync(texts, Tokenize(texts), DateTime.MaxValue).WaitAsync(Patience);
        await new EmbeddingPipeline(secondBatcher, cache).EmbedAsync(texts, Tokenize(texts), DateTime.MaxValue).WaitAsync(Patience);

        Assert.Single(first.Batches);
        Assert.Single(second.Batches);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Batcher_failures_reach_the_caller_and_nothing_is_cached()
    {
        var inference = new RecordingInference { FailWhen = _ => true };
        await using var batcher = Create(inference, new BatcherOptions());
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        var pipeline = new EmbeddingPipeline(batcher, cache);
        string[] texts = ["x"];

        await Assert.ThrowsAsync<BatchInferenceException>(() => pipeline.EmbedAsync(texts, Tokenize(texts), DateTime.MaxValue).WaitAsync(Patience));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Texts_and_sequences_must_pair_one_to_one()
    {
        await using var batcher = Create(new RecordingInference(), new BatcherOptions());
        using var cache = new EmbeddingCache(new EmbeddingCacheOptions());
        var pipeline = new EmbeddingPipeline(batcher, cache);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => pipeline.EmbedAsync(["a", "b"], Tokenize(["a"]), DateTime.MaxValue));
        Assert.Contains("2 texts but 1 token sequences", error.Message);
    }
}
