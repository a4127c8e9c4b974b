namespace Recommender.CandidateRetrieval.Catalog;

/// <summary>
/// How many items each encoder model embedded (items.embedding_model; items whose vector the client gave are not
/// counted), kept as items come and go, so a write can refuse to mix vectors of two models. Thread-safe.
/// </summary>
internal sealed class EmbeddingModels
{
    private readonly object gate = new();
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    public void Add(string model) => Change(model, +1);

    public void Remove(string model) => Change(model, -1);

    public void Clear()
    {
        lock (gate)
        {
            counts.Clear();
        }
    }

    /// <summary>The models that embedded items now, with their item counts, most items first.</summary>
    public IReadOnlyList<(string Model, long Items)> Current()
    {
        lock (gate)
        {
            return [.. counts.Select(c => (c.Key, c.Value)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];
        }
    }

    private void Change(string model, int delta)
    {
        if (model.Length == 0)
        {
            return;
        }
        lock (gate)
        {
            var count = counts.GetValueOrDefault(model) + delta;
            if (count > 0)
            {
                counts[model] = count;
            }
            else
            {
                counts.Remove(model);
            }
        }
    }
}
