using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.Tests;

/// <summary>A clock the test sets.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Shared helpers: a fixed epoch, event construction, engines with a clock far enough ahead.</summary>
internal static class TestSupport
{
    public static readonly DateTimeOffset Epoch = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static long sequence;

    public static InterestEngine NewEngine(InterestModelOptions? options = null, DateTimeOffset? now = null) =>
        new(options ?? new InterestModelOptions(), new FixedTime(now ?? Epoch.AddYears(5)));

    public static InterestEvent Event(string user, string item, ActionKind action, DateTimeOffset at, string? id = null, double? rating = null) =>
        new(user, item, action, rating, at, id ?? $"auto-{Interlocked.Increment(ref sequence)}");

    public static InterestEvent View(string user, string item, DateTimeOffset at, string? id = null) =>
        Event(user, item, ActionKind.View, at, id);

    /// <summary>Options reporting every node, so level sums and exact values can be checked.</summary>
    public static InterestModelOptions ReportEverything()
    {
        var options = new InterestModelOptions();
        options.Profile.MinReportedProbability = 0;
        options.Profile.MaxNodesPerLevel = 100_000;
        return options;
    }

    public static NodeEstimate Node(InterestProfile profile, string path, bool shortTerm = false) =>
        (shortTerm ? profile.ShortTerm : profile.LongTerm).SelectMany(l => l.Nodes).Single(n => n.Path == path);

    public static double? Probability(InterestProfile profile, string path) =>
        profile.LongTerm.SelectMany(l => l.Nodes).FirstOrDefault(n => n.Path == path)?.Probability;
}
