using System.Diagnostics;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>What the library costs with default settings.</summary>
internal sealed record CostResult(
    int Users,
    int EventsPerUser,
    int Items,
    int EmbeddingDimension,
    double RecordEventsPerSecond,
    double FitSeconds,
    double[] ProfileMicroseconds,
    double[] SignalMicroseconds,
    int Candidates,
    double StateBytesPerUser,
    double SnapshotBytesPerUser);

/// <summary>Throughput of <c>Record</c>, latency of <c>GetInterests</c> and <c>GetItemSignals</c>, memory and snapshot size per user.</summary>
internal static class CostBenchmark
{
    public const int EmbeddingDimension = 64;

    public static CostResult Run(int seed, int users, int eventsPerUser)
    {
        var world = SyntheticWorld.Create(seed, WorldShape.Concentrated);
        var sampler = new GammaSampler(seed + 3);
        var events = new SyntheticEvents(world, sampler);
        using var engine = new InterestEngine(new InterestModelOptions());
        var items = world.Leaves
            .SelectMany(leaf => Enumerable.Range(0, SyntheticEvents.ItemsPerLeaf).Select(k => new ItemInfo(
                SyntheticEvents.ItemId(leaf, k), world.Nodes[leaf].Path,
                Enumerable.Range(0, EmbeddingDimension).Select(_ => (float)sampler.NextNormal()).ToArray())))
            .ToList();
        foreach (var chunk in items.Chunk(engine.Options.Limits.MaxItemBatchSize))
        {
            engine.UpsertItems(chunk);
        }
        var streams = new List<InterestEvent[]>(users);
        for (var u = 0; u < users; u++)
        {
            var user = new SyntheticUser(world, sampler);
            var list = new InterestEvent[eventsPerUser];
            var time = events.NextStart();
            for (var e = 0; e < eventsPerUser; e++)
            {
                list[e] = events.Create($"user{u}", user.SampleLeaf(sampler), time);
                time = events.Next(time);
            }
            streams.Add(list);
        }
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        foreach (var stream in streams)
        {
            engine.Record(stream);
        }
        var recordSeconds = watch.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        watch.Restart();
        engine.RefitPrior();
        var fitSeconds = watch.Elapsed.TotalSeconds;

        var profileTimes = new List<double>();
        for (var i = 0; i < 3000; i++)
        {
            var u = sampler.NextInt(users);
            var asOf = streams[u][^1].Timestamp;
            var start = Stopwatch.GetTimestamp();
            engine.GetInterests($"user{u}", asOf);
            profileTimes.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        const int candidates = 100;
        var signalTimes = new List<double>();
        for (var i = 0; i < 3000; i++)
        {
            var u = sampler.NextInt(users);
            var ids = Enumerable.Range(0, candidates).Select(_ => items[sampler.NextInt(items.Count)].ItemId).ToList();
            var start = Stopwatch.GetTimestamp();
            engine.GetItemSignals($"user{u}", ids, streams[u][^1].Timestamp);
            signalTimes.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        using var snapshot = new MemoryStream();
        engine.WriteSnapshot(snapshot);
        return new CostResult(users, eventsPerUser, items.Count, EmbeddingDimension, users * eventsPerUser / recordSeconds, fitSeconds,
            Percentiles(profileTimes), Percentiles(signalTimes), candidates, (after - before) / (double)users, snapshot.Length / (double)users);
    }

    private static double[] Percentiles(List<double> values)
    {
        values.Sort();
        return [values[values.Count / 2], values[(int)(values.Count * 0.99)]];
    }
}
