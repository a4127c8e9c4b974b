using Recommender.Encoder.Batching;
using Recommender.Encoder.Caching;
using Recommender.Encoder.Models;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Service;

/// <summary>
/// One model as the RPCs use it: its tokenizer, its dynamic batcher and its embedding pipeline
/// (with the cache shared by all models).
/// </summary>
public sealed class ServedModel
{
    private readonly EmbeddingPipeline _pipeline;
    private readonly float[]? _emptyTextVector;

    /// <summary>Wires <paramref name="model"/> to <paramref name="batcher"/> and <paramref name="cache"/>.</summary>
    public ServedModel(EncoderModel model, DynamicBatcher batcher, EmbeddingCache cache, bool isDefault)
    {
        Model = model;
        Batcher = batcher;
        IsDefault = isDefault;
        _pipeline = new EmbeddingPipeline(batcher, cache);
        // A text with no tokens (only possible without special tokens, e.g. an empty text for a
        // word-level model) cannot be queued; it embeds as the model's output for no tokens,
        // computed once here (the zero vector for a masked-mean model).
        if (model.Tokenizer.Tokenize("").Count == 0)
        {
            _emptyTextVector = model.Run([[]])[0];
        }
    }

    /// <summary>The model.</summary>
    public EncoderModel Model { get; }

    /// <summary>The model's batcher.</summary>
    public DynamicBatcher Batcher { get; }

    /// <summary>Whether requests that name no model get this one.</summary>
    public bool IsDefault { get; }

    /// <summary>The model's name.</summary>
    public string Name => Model.Name;

    /// <summary>The model's tokenizer.</summary>
    public ITokenizer Tokenizer => Model.Tokenizer;

    /// <summary>
    /// Tokenizes <paramref name="texts"/> (truncating to the model's maximum length, special tokens
    /// kept) and embeds them through the cache and the batcher; one result per text, in order.
    /// Fails as <see cref="DynamicBatcher.SubmitAsync"/> does.
    /// </summary>
    /// <param name="texts">The texts, already checked against the request limits.</param>
    /// <param name="deadlineUtc">The caller's deadline (UTC); <see cref="DateTime.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <param name="waitForRoom">Wait while the queue is full instead of failing (see <see cref="EmbeddingPipeline.EmbedAsync"/>).</param>
    public async Task<EmbeddedText[]> EmbedAsync(IReadOnlyList<string> texts, DateTime deadlineUtc,
        CancellationToken cancellationToken, bool waitForRoom = false)
    {
        var tokenized = new TokenizedText[texts.Count];
        var queuedTexts = new List<string>(texts.Count);
        var queuedIds = new List<int[]>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            tokenized[i] = Tokenizer.Tokenize(texts[i]);
            if (tokenized[i].Count > 0)
            {
                queuedTexts.Add(texts[i]);
                queuedIds.Add(tokenized[i].Ids);
            }
        }

        var vectors = queuedTexts.Count == 0
            ? []
            : await _pipeline.EmbedAsync(queuedTexts, queuedIds, deadlineUtc, cancellationToken, waitForRoom).ConfigureAwait(false);
        var results = new EmbeddedText[texts.Count];
        var next = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = tokenized[i].Count > 0 ? vectors[next++] : (float[])_emptyTextVector!.Clone();
            results[i] = new EmbeddedText(vector, tokenized[i].Count, tokenized[i].Truncated);
        }

        return results;
    }
}
