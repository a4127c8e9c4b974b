using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Recommender.Ranking;
using Recommender.Ranking.Model;
using Recommender.Ranking.Service;

namespace Recommender.RankingConsole;

/// <summary>
/// Latency of RankingEngine.Rank in process (validation, features, scoring, softmax, re-ranking,
/// reasons; no transport) on synthetic requests: random unit vectors, a two-level tree of 20 x 5
/// categories, every signal present.
/// </summary>
internal static class RankLatency
{
    public static int Run(Arguments arguments)
    {
        var dimension = arguments.Int("dim", 100);
        var iterations = arguments.Int("iterations", 200);
        var engine = new RankingEngine(BuiltInModel.Instance, new RankingOptions());
        Console.WriteLine($"RankingEngine.Rank, dim {dimension}, {iterations} requests per row, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"candidates",10} {"k",6} {"re-ranking",12} {"mean ms",9} {"p50 ms",9} {"p95 ms",9}");
        foreach (var (candidates, k) in new[] { (100, 10), (300, 10), (300, 50), (1000, 50), (2000, 100), (2000, 1000) })
        {
            foreach (var rerank in new[] { false, true })
            {
                var request = Build(candidates, k, dimension, seed: candidates + k);
                request.Options.DisableReranking = !rerank;
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < Math.Max(50, iterations); i++) // past tiered JIT warm-up
                {
                    engine.Rank(request, now);
                }
                var times = new double[iterations];
                for (var i = 0; i < iterations; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    engine.Rank(request, now);
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                Array.Sort(times);
                Console.WriteLine($"{candidates,10} {k,6} {(rerank ? "on" : "off"),12} {times.Average(),9:F2} {times[iterations / 2],9:F2} {times[(int)(iterations * 0.95)],9:F2}");
            }
        }
        return 0;
    }

    private static RankRequest Build(int count, int k, int dimension, int seed)
    {
        var random = new Random(seed);
        float[] Vector() => Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        string[] tops = Enumerable.Range(0, 20).Select(i => $"Genre{i}").ToArray();
        var user = new UserContext { UserId = "bench" };
        foreach (var top in tops)
        {
            user.Categories.Add(new CategoryProbability { CategoryPath = top, Probability = 1.0 / tops.Length });
            for (var s = 0; s < 5; s++)
            {
                user.Categories.Add(new CategoryProbability { CategoryPath = $"{top}/Sub{s}", Probability = 0.2 / tops.Length });
            }
        }
        for (var i = 0; i < 4; i++)
        {
            var interest = new UserInterest { InterestId = $"i{i}", CategoryPath = tops[i], Probability = 0.25 };
            interest.Vector.AddRange(Vector());
            user.Interests.Add(interest);
        }
        user.OverallVector.AddRange(Vector());
        for (var i = 0; i < 20; i++)
        {
            user.RecentItems.Add(new RecentItem { ItemId = $"recent{i}", Title = $"Recent {i}", CategoryPath = $"{tops[i % 20]}/Sub{i % 5}", Action = Recommender.Contracts.V1.Action.View });
        }
        var request = new RankRequest { User = user, K = k, Options = new RankOptions() };
        for (var i = 0; i < count; i++)
        {
            var candidate = new RankCandidate
            {
                ItemId = $"item{i}",
                Title = $"Item {i}",
                CategoryPath = $"{tops[random.Next(tops.Length)]}/Sub{random.Next(5)}",
                InterestId = $"i{random.Next(4)}",
                RetrievalScore = random.NextDouble(),
                Covisitation = random.NextDouble() * 3,
                Popularity = random.NextDouble(),
                CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-random.Next(365))),
            };
            candidate.Vector.AddRange(Vector());
            candidate.CovisitSources.Add(new CovisitSource { ItemId = $"recent{random.Next(20)}", Weight = 1 });
            request.Candidates.Add(candidate);
        }
        return request;
    }
}
