namespace Recommender.Bench.RankingHarness.Evaluation;

/// <summary>Counts over the recommended items' reasons (thread-safe).</summary>
public sealed class ReasonTally
{
    private readonly Lock _lock = new();

    public int Items { get; private set; }

    /// <summary>Items whose reason has text.</summary>
    public int WithText { get; private set; }

    /// <summary>Items whose reason has a kind (not the generic "Recommended for you").</summary>
    public int WithKind { get; private set; }

    /// <summary>Items with a personal reason (because you, similar to, matches your interest).</summary>
    public int Personal { get; private set; }

    /// <summary>Personal reasons checked, by kind: how many, how many lost score, how many left the top 10 without what they cite.</summary>
    public Dictionary<string, (int Checked, int ScoreDropped, int LeftTop10)> Faithfulness { get; } = new(StringComparer.Ordinal);

    public int Checked => Faithfulness.Values.Sum(f => f.Checked);

    public int ScoreDropped => Faithfulness.Values.Sum(f => f.ScoreDropped);

    public Dictionary<string, int> ByKind { get; } = new(StringComparer.Ordinal);

    public void AddReason(string kind, bool hasText, bool hasKind, bool personal)
    {
        lock (_lock)
        {
            Items++;
            Personal += personal ? 1 : 0;
            WithText += hasText ? 1 : 0;
            WithKind += hasKind ? 1 : 0;
            ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
        }
    }

    public void AddRemoval(string kind, bool scoreDropped, bool leftTop10)
    {
        lock (_lock)
        {
            var (n, dropped, left) = Faithfulness.GetValueOrDefault(kind);
            Faithfulness[kind] = (n + 1, dropped + (scoreDropped ? 1 : 0), left + (leftTop10 ? 1 : 0));
        }
    }
}
