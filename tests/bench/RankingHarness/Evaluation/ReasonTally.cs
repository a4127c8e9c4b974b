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

    public int BecauseYouWatched { get; private set; }

    /// <summary>"Because you watched" items whose score fell when the cited items were removed from the history.</summary>
    public int ScoreDropped { get; private set; }

    /// <summary>"Because you watched" items that left the top 10 when the cited items were removed.</summary>
    public int LeftTop10 { get; private set; }

    public Dictionary<string, int> ByKind { get; } = new(StringComparer.Ordinal);

    public void AddReason(string kind, bool hasText, bool hasKind)
    {
        lock (_lock)
        {
            Items++;
            WithText += hasText ? 1 : 0;
            WithKind += hasKind ? 1 : 0;
            ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
        }
    }

    public void AddRemoval(bool scoreDropped, bool leftTop10)
    {
        lock (_lock)
        {
            BecauseYouWatched++;
            ScoreDropped += scoreDropped ? 1 : 0;
            LeftTop10 += leftTop10 ? 1 : 0;
        }
    }
}
