using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;
using static Recommender.InterestModel.Tests.TestSupport;

namespace Recommender.InterestModel.Tests;

public sealed class IncrementalEqualsRecomputeTests
{
    private static readonly string[][] ItemPaths =
    [
        ["Books/Fiction/Crime"], ["Books/Fiction/Fantasy"], ["Books/Science"], ["Electronics/Phones/Android"],
        ["Electronics/Phones/iOS"], ["Electronics/Audio"], ["Garden"], ["Books/Science", "Electronics/Audio"],
        ["Books/Fiction/Crime", "Books/Fiction/Fantasy", "Garden"],
    ];

    private static (List<ItemInfo> Items, List<InterestEvent> Events) Scenario(int seed, int count)
    {
        var random = new Random(seed);
        var items = ItemPaths.Select((paths, i) => new ItemInfo($"item{i}", paths)).ToList();
        var events = new List<InterestEvent>();
        for (var i = 0; i < count; i++)
        {
            var action = (ActionKind)random.Next(5);
            var at = Epoch.AddMinutes(random.Next(0, 200 * 24 * 60));
            events.Add(new InterestEvent("u", $"item{random.Next(items.Count)}", action,
                action == ActionKind.Rating ? random.Next(1, 11) / 2.0 : null, at, $"e{i}"));
        }
        return (items, events);
    }

    [Fact]
    public void Any_arrival_order_gives_the_same_profile()
    {
        var (items, events) = Scenario(seed: 7, count: 600);
        var options = ReportEverything();
        using var oneByOne = NewEngine(options);
        using var sortedBatches = NewEngine(options);
        oneByOne.UpsertItems(items);
        sortedBatches.UpsertItems(items);
        foreach (var e in events.OrderBy(_ => Random.Shared.Next()))
        {
            oneByOne.Record([e]);
        }
        foreach (var chunk in events.OrderBy(e => e.Timestamp).Chunk(250))
        {
            sortedBatches.Record(chunk);
        }
        var asOf = Epoch.AddDays(201);
        var a = oneByOne.GetInterests("u", asOf);
        var b = sortedBatches.GetInterests("u", asOf);
        var nodesA = a.LongTerm.Concat(a.ShortTerm).SelectMany(l => l.Nodes).ToList();
        var nodesB = b.LongTerm.Concat(b.ShortTerm).SelectMany(l => l.Nodes).ToList();
        Assert.Equal(nodesA.Select(n => n.Path), nodesB.Select(n => n.Path));
        for (var i = 0; i < nodesA.Count; i++)
        {
            Assert.Equal(nodesB[i].Probability, nodesA[i].Probability, 1e-9);
            Assert.Equal(nodesB[i].Lower, nodesA[i].Lower, 1e-9);
            Assert.Equal(nodesB[i].Upper, nodesA[i].Upper, 1e-9);
            Assert.Equal(nodesB[i].DecayedWeight, nodesA[i].DecayedWeight, 1e-9 * Math.Max(1, nodesB[i].DecayedWeight));
            Assert.Equal(nodesB[i].EvidenceCount, nodesA[i].EvidenceCount);
        }
        Assert.Equal(b.Drift.Score, a.Drift.Score, 1e-9);
    }

    [Fact]
    public void Incremental_statistics_equal_a_recomputation_from_the_events()
    {
        var (items, events) = Scenario(seed: 11, count: 400);
        var options = ReportEverything();
        using var engine = NewEngine(options);
        engine.UpsertItems(items);
        foreach (var e in events.OrderBy(_ => Random.Shared.Next()))
        {
            engine.Record([e]);
        }
        var asOf = Epoch.AddDays(200);
        var profile = engine.GetInterests("u", asOf);
        var recomputed = Recompute(items, events, options, asOf);

        foreach (var node in profile.LongTerm.SelectMany(l => l.Nodes))
        {
            var expected = recomputed[node.Path];
            Assert.Equal(expected.Long, node.DecayedWeight, 1e-10 * Math.Max(1, expected.Long));
            Assert.Equal(expected.Count, node.EvidenceCount);
            var parent = node.Path.Contains('/') ? node.Path[..node.Path.LastIndexOf('/')] : "";
            var scale = recomputed[parent].WeightSum / recomputed[parent].PieceSquares;
            Assert.Equal(scale * expected.Long, node.EffectiveEvidence, 1e-9 * Math.Max(1, node.EffectiveEvidence));
        }
        foreach (var node in profile.ShortTerm.SelectMany(l => l.Nodes))
        {
            Assert.Equal(recomputed[node.Path].Short, node.DecayedWeight, 1e-10 * Math.Max(1, recomputed[node.Path].Short));
        }
        // Before any prior fit each child of a node holds DefaultPriorStrength / children pseudo-counts, so the
        // top level is (α + c) / (A + C) with c the effective counts: check it from the recomputation.
        var topLevel = profile.LongTerm.Single(l => l.Depth == 1).Nodes;
        var alpha = options.Estimation.DefaultPriorStrength / topLevel.Count;
        var rootScale = recomputed[""].WeightSum / recomputed[""].PieceSquares;
        var total = options.Estimation.DefaultPriorStrength + topLevel.Sum(n => rootScale * recomputed[n.Path].Long);
        foreach (var node in topLevel)
        {
            Assert.Equal((alpha + rootScale * recomputed[node.Path].Long) / total, node.Probability, 1e-12);
        }
    }

    private sealed class Sums
    {
        public double Long;
        public double Short;
        public double WeightSum;
        public double PieceSquares;
        public int Count;
    }

    /// <summary>The node statistics straight from their definitions, summing over all events at once.</summary>
    private static Dictionary<string, Sums> Recompute(List<ItemInfo> items, List<InterestEvent> events, InterestModelOptions options, DateTimeOffset asOf)
    {
        var result = new Dictionary<string, Sums>();
        foreach (var e in events)
        {
            var item = items.Single(i => i.ItemId == e.ItemId);
            var weight = ActionWeighting.WeightOf(e.Action, e.RatingValue, options.ActionWeights);
            var age = (asOf - e.Timestamp).TotalMilliseconds;
            var longDecay = Math.Pow(2, -age / options.Estimation.LongTermHalfLife.TotalMilliseconds);
            var shortDecay = Math.Pow(2, -age / options.Estimation.ShortTermHalfLife.TotalMilliseconds);
            var shares = new Dictionary<string, double>();
            foreach (var path in item.CategoryPaths)
            {
                var segments = path.Split('/');
                for (var depth = 0; depth <= segments.Length; depth++)
                {
                    var prefix = string.Join('/', segments.Take(depth));
                    shares[prefix] = shares.GetValueOrDefault(prefix) + 1.0 / item.CategoryPaths.Count;
                }
            }
            foreach (var (node, share) in shares)
            {
                var children = shares.Where(p => p.Key.Length > node.Length && !p.Key[(node.Length == 0 ? 0 : node.Length + 1)..].Contains('/')
                                                 && (node.Length == 0 || p.Key.StartsWith(node + "/", StringComparison.Ordinal))).Select(p => p.Value).ToList();
                var ending = share - children.Sum();
                var sums = result.TryGetValue(node, out var s) ? s : result[node] = new Sums();
                sums.Long += weight * share * longDecay;
                sums.Short += weight * share * shortDecay;
                sums.WeightSum += weight * share;
                sums.PieceSquares += weight * weight * (children.Sum(c => c * c) + (ending > 1e-12 ? ending * ending : 0));
                sums.Count++;
            }
        }
        return result;
    }
}
