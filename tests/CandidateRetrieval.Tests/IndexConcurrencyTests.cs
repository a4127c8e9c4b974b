using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using Recommender.CandidateRetrieval.Index;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

/// <summary>
/// Searches on two threads while a writer inserts, replaces and deletes and a third thread compacts.
/// Every hit is checked against what the writer is known to have stored: no exception, no item whose
/// delete had completed before the search began, and every score must equal the cosine between the
/// query and a vector that item really had (so no torn vectors and no id/vector mix-ups from reused slots).
/// </summary>
public sealed class IndexConcurrencyTests
{
    private const int Dimension = 24;
    private const int K = 10;

    [Fact]
    public async Task SearchesDuringWritesAndCompactionSeeOnlyConsistentLiveItems()
    {
        var options = new HnswOptions
        {
            Dimension = Dimension,
            M = 8,
            EfConstruction = 48,
            EfSearch = 32,
            ExactSearchThreshold = 0,
            BuildThreads = 2,
            AutoCompact = true,
            CompactionTombstoneFraction = 0.05,
        };
        var random = new Random(31);
        // Every vector an id ever had (ids are never reused, replacements alternate between two vectors).
        var vectorsById = new ConcurrentDictionary<string, float[][]>();
        var stable = TestVectors.Clustered(2000, Dimension, clusters: 20, seed: 32);
        var index = new HnswIndex(options);
        index.Upsert(stable.Select((v, i) => new IndexItem($"s{i}", v)).ToList());
        for (int i = 0; i < stable.Length; i++)
        {
            vectorsById[$"s{i}"] = [TestVectors.Normalized(stable[i])];
        }

        var deletedAt = new ConcurrentDictionary<string, long>();
        var failures = new ConcurrentQueue<string>();
        var stop = new CancellationTokenSource();
        long searches = 0;

        void Writer()
        {
            var rng = new Random(33);
            int next = 0;
            var alive = new List<string>();
            var alternates = new Dictionary<string, float[][]>();
            while (!stop.IsCancellationRequested)
            {
                var batch = new List<IndexItem>();
                for (int j = 0; j < 20; j++)
                {
                    string id = $"n{next++}";
                    var a = TestVectors.RandomUnit(rng, Dimension);
                    var b = TestVectors.RandomUnit(rng, Dimension);
                    vectorsById[id] = [a, b];
                    alternates[id] = [a, b];
                    batch.Add(new IndexItem(id, a));
                    alive.Add(id);
                }
                index.Upsert(batch);

                // Replace some, flipping between their two known vectors.
                var replace = alive.OrderBy(_ => rng.Next()).Take(5).ToList();
                index.Upsert(replace.Select(id => new IndexItem(id, alternates[id][rng.Next(2)])).ToList());

                // Delete some for good.
                var doomed = alive.OrderBy(_ => rng.Next()).Take(12).ToList();
                index.Delete(doomed);
                long done = Stopwatch.GetTimestamp();
                foreach (var id in doomed)
                {
                    deletedAt[id] = done;
                    alive.Remove(id);
                }
            }
        }

        void Reader(int seed)
        {
            var rng = new Random(seed);
            var hits = new SearchHit[K];
            while (!stop.IsCancellationRequested)
            {
                var query = TestVectors.RandomUnit(rng, Dimension);
                long started = Stopwatch.GetTimestamp();
                bool exact = rng.Next(10) == 0;
                int count;
                try
                {
                    count = index.Search(query, K, hits, new SearchParameters(Exact: exact));
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"search threw {ex}");
                    return;
                }
                Interlocked.Increment(ref searches);
                if (count != K)
                {
                    failures.Enqueue($"search returned {count} hits, expected {K}");
                }
                var seen = new HashSet<string>();
                for (int i = 0; i < count; i++)
                {
                    var hit = hits[i];
                    if (!seen.Add(hit.Id))
                    {
                        failures.Enqueue($"{hit.Id} returned twice");
                    }
                    if (deletedAt.TryGetValue(hit.Id, out long deleted) && deleted < started)
                    {
                        failures.Enqueue($"{hit.Id} returned after its delete completed");
                    }
                    if (!vectorsById.TryGetValue(hit.Id, out var known) ||
                        !known.Any(v => MathF.Abs(TensorPrimitives.Dot(query, v) - hit.Score) < 1e-4f))
                    {
                        failures.Enqueue($"{hit.Id} has score {hit.Score}, which matches none of its vectors");
                    }
                }
            }
        }

        void Compactor()
        {
            while (!stop.IsCancellationRequested)
            {
                index.Compact();
                Thread.Sleep(20);
            }
        }

        var threads = new[] { new Thread(Writer), new Thread(() => Reader(1)), new Thread(() => Reader(2)), new Thread(Compactor) };
        foreach (var thread in threads)
        {
            thread.Start();
        }
        Thread.Sleep(TimeSpan.FromSeconds(2));
        stop.Cancel();
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a worker did not stop");
        }
        await index.WaitForBackgroundCompactionAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(failures.Take(10));
        Assert.True(searches > 100, $"only {searches} searches ran");
        Assert.True(deletedAt.Count > 0, "the writer deleted nothing");
        var statistics = index.GetStatistics();
        Assert.True(statistics.FreeSlots + statistics.Slots - statistics.Count - statistics.Tombstones >= 0);

        // After the dust settles the index is still a good index.
        index.Compact();
        var gone = deletedAt.Keys.ToHashSet();
        foreach (var query in stable.Take(50))
        {
            Assert.DoesNotContain(index.Search(query, K), h => gone.Contains(h.Id));
        }
        double recall = TestVectors.Recall(index, stable.Take(100).ToArray(), K);
        Assert.True(recall >= 0.9, $"recall@10 after concurrent churn was {recall:F3}");
    }
}
