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

    /// <summary>Wires <paramref name="model"/> to <paramref name="batcher"/> and <paramref name="cache"/>.</summary>
    public ServedModel(EncoderModel model, DynamicBatcher batcher, EmbeddingCache cache, bool isDefault)
    {
        Model = model;
        Batcher = batcher;
        IsDefault = isDefault;
        _pipeline = new EmbeddingPipeline(batcher, cache);
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
    public ModelTokenizer Tokenizer => Model.Tokenizer;

    /// <summary>The text as the model gets it: with the model's query prefix when it is a query.</summary>
    public string Input(string text, bool query) =>
        query && Model.Info.QueryPrefix.Length > 0 ? Model.Info.QueryPrefix + text : text;

    /// <summary>
    /// Puts the query prefix before queries (<see cref="Input"/>), tokenizes <paramref name="texts"/> (truncating to the model's maximum length, special tokens
    /// kept) and embeds them through the cache and the batcher; one result per text, in order.
    /// Fails as <see cref="DynamicBatcher.SubmitAsync"/> does.
    /// </summary>
    /// <param name="texts">The texts, already checked against the request limits.</param>
    /// <param name="query">The texts are search queries (see <see cref="Input"/>).</param>
    /// <param name="deadlineUtc">The caller's deadline (UTC); <see cref="DateTime.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <param name="waitForRoom">Wait while the queue is full instead of failing (see <see cref="EmbeddingPipeline.EmbedAsync"/>).</param>
    public async Task<EmbeddedText[]> EmbedAsync(IReadOnlyList<string> texts, bool query, DateTime deadlineUtc,
        CancellationToken cancellationToken, bool waitForRoom = false)
    {
        var inputs = new string[texts.Count];
        var tokenized = new TokenizedText[texts.Count];
        var ids = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            inputs[i] = Input(texts[i], query);
            tokenized[i] = Tokenizer.Tokenize(inputs[i]);
            ids[i] = tokenized[i].Ids;
        }

        var vectors = await _pipeline.EmbedAsync(inputs, ids, deadlineUtc, cancellationToken, waitForRoom).ConfigureAwait(false);
        var results = new EmbeddedText[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            results[i] = new EmbeddedText(vectors[i], tokenized[i].Count, tokenized[i].Truncated);
        }

        return results;
    }
}
