using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Caching;

/// <summary>
/// The embedding path of one model: looks each distinct text up in the cache, sends the misses to
/// the batcher once each (a text repeated in a request is computed once), stores what the batcher
/// returns, and answers one vector per text in request order. Every returned array is the caller's own.
/// </summary>
public sealed class EmbeddingPipeline
{
    /// <summary>First pause before a request that found the queue full tries again (when waiting for room).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest pause between tries (when waiting for room).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(25);

    private readonly DynamicBatcher _batcher;
    private readonly EmbeddingCache _cache;

    /// <summary>Composes <paramref name="batcher"/> (which fixes the model) with <paramref name="cache"/> (shared by models).</summary>
    public EmbeddingPipeline(DynamicBatcher batcher, EmbeddingCache cache)
    {
        ArgumentNullException.ThrowIfNull(batcher);
        ArgumentNullException.ThrowIfNull(cache);
        _batcher = batcher;
        _cache = cache;
    }

    /// <summary>The model this pipeline embeds with.</summary>
    public string ModelName => _batcher.ModelName;

    /// <summary>
    /// Embeds <paramref name="texts"/>; <paramref name="sequences"/>[i] are the token ids of
    /// <paramref name="texts"/>[i] as the model's tokenizer produced them. Fails as
    /// <see cref="DynamicBatcher.SubmitAsync"/> does when the misses cannot be computed.
    /// </summary>
    /// <param name="texts">The texts, which key the cache.</param>
    /// <param name="sequences">Their token ids, one sequence per text, at least one id each.</param>
    /// <param name="deadlineUtc">When the caller stops waiting (UTC); <see cref="DateTime.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">Cancels the request; its queued sequences are dropped.</param>
    /// <param name="waitForRoom">
    /// When the queue is full, wait and try again (pauses from <see cref="FirstRetryDelay"/> doubling
    /// to <see cref="MaxRetryDelay"/>) until the deadline or cancellation, instead of failing with
    /// <see cref="QueueFullException"/>: for bulk callers that prefer back-pressure to rejection.
    /// </param>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, IReadOnlyList<int[]> sequences,
        DateTime deadlineUtc, CancellationToken cancellationToken = default, bool waitForRoom = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(sequences);
        if (texts.Count != sequences.Count)
        {
            throw new ArgumentException(
                $"Got {texts.Count} texts but {sequences.Count} token sequences; they must pair one to one.", nameof(sequences));
        }

        var vectors = new float[texts.Count][];
        var firstOccurrence = new Dictionary<string, int>(texts.Count, StringComparer.Ordinal);
        var repeatOf = new int[texts.Count];
        var misses = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            if (firstOccurrence.TryGetValue(text, out var first))
            {
                repeatOf[i] = first;
                continue;
            }

            firstOccurrence.Add(text, i);
            repeatOf[i] = -1;
            if (_cache.TryGet(ModelName, text, out var cached))
            {
                vectors[i] = cached;
            }
            else
            {
                misses.Add(i);
            }
        }

        if (misses.Count > 0)
        {
            var missSequences = new int[misses.Count][];
            for (var k = 0; k < misses.Count; k++)
            {
                missSequences[k] = sequences[misses[k]];
            }

            var computed = waitForRoom
                ? await SubmitWaitingForRoomAsync(missSequences, deadlineUtc, cancellationToken).ConfigureAwait(false)
                : await _batcher.SubmitAsync(missSequences, deadlineUtc, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < misses.Count; k++)
            {
                vectors[misses[k]] = computed[k];
                _cache.Set(ModelName, texts[misses[k]], computed[k]);
            }
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (repeatOf[i] >= 0)
            {
                vectors[i] = (float[])vectors[repeatOf[i]].Clone();
            }
        }

        return vectors;
    }

    private async Task<float[][]> SubmitWaitingForRoomAsync(int[][] sequences, DateTime deadlineUtc, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                return await _batcher.SubmitAsync(sequences, deadlineUtc, cancellationToken).ConfigureAwait(false);
            }
            catch (QueueFullException)
            {
                // Past the deadline the next try fails with BatchDeadlineExceededException.
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
