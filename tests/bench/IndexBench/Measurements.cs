using System.Diagnostics;
using Recommender.CandidateRetrieval.Index;
using Recommender.IndexBench.Datasets;

namespace Recommender.IndexBench;

/// <summary>One build of the index: how long it took and what it holds in memory.</summary>
public sealed record BuildResult(int Threads, TimeSpan Elapsed, TimeSpan CpuTime, long MeasuredBytes, long EstimatedBytes, int MaxLevel);

/// <summary>Throughput and quality of one search configuration: wall-clock queries per second by thread
/// count, and single-thread queries per CPU-second (which other work on the machine barely affects).</summary>
public sealed record QueryResult(string Method, int? EfSearch, double Recall, IReadOnlyDictionary<int, double> QpsByThreads, double CpuQps);

/// <summary>Builds indexes and measures recall and throughput on a dataset.</summary>
public static class Measurements
{
    private const int BatchSize = 10_000;

    // Exact scans are slow (tens of milliseconds per query at a million items): their throughput passes
    // use the first 200 queries; recall ground truth still uses all of them.
    private const int ExactThroughputQueries = 200;

    public static (HnswIndex Index, BuildResult Result) Build(VectorDataset data, int m, int efConstruction, int threads)
    {
        var options = new HnswOptions
        {
            Dimension = data.Dimension,
            M = m,
            EfConstruction = efConstruction,
            BuildThreads = threads,
            MaxItems = Math.Max(data.Count, 1),
            MaxBatchSize = BatchSize,
        };
        long before = ManagedBytes();
        var index = new HnswIndex(options);
        var batch = new List<IndexItem>(BatchSize);
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            batch.Clear();
            int end = Math.Min(data.Count, start + BatchSize);
            for (int i = start; i < end; i++)
            {
                batch.Add(new IndexItem(ItemId(i), data.BaseRow(i)));
            }
            index.Upsert(batch);
        }
        stopwatch.Stop();
        process.Refresh();
        var cpuTime = process.TotalProcessorTime - cpuStart;
        batch.Clear();
        long after = ManagedBytes();
        var statistics = index.GetStatistics();
        return (index, new BuildResult(threads, stopwatch.Elapsed, cpuTime, after - before, statistics.EstimatedBytes, statistics.MaxLevel));
    }

    public static string ItemId(int row) => $"item-{row:D7}";

    /// <summary>Exact top-k of every query (the ground truth), and exact search's own throughput.</summary>
    public static (int[][] Truth, QueryResult Result) Exact(HnswIndex index, VectorDataset data, int k, IReadOnlyList<int> threads, double minSeconds)
    {
        var exact = new SearchParameters(Exact: true);
        var truth = RunAll(index, data, k, exact);
        Func<Action<int>> worker = () =>
        {
            var hits = new SearchHit[k];
            return q => index.Search(data.Query(q), k, hits, exact);
        };
        var (qps, cpu) = Measure(data, threads, minSeconds, worker, ExactThroughputQueries);
        return (truth, new QueryResult("exact", null, 1.0, qps, cpu));
    }

    /// <summary>Throughput of <see cref="FlatBruteForce"/> on the same queries.</summary>
    public static QueryResult Flat(VectorDataset data, int k, IReadOnlyList<int> threads, double minSeconds)
    {
        var flat = new FlatBruteForce(data);
        Func<Action<int>> worker = () =>
        {
            var rows = new int[k];
            var scores = new float[k];
            var unit = new float[data.Dimension];
            return q => flat.Search(data.Query(q), k, rows, scores, unit);
        };
        var (qps, cpu) = Measure(data, threads, minSeconds, worker, ExactThroughputQueries);
        return new QueryResult("flat", null, 1.0, qps, cpu);
    }

    public static QueryResult Hnsw(HnswIndex index, VectorDataset data, int k, int ef, int[][] truth, IReadOnlyList<int> threads, double minSeconds)
    {
        var parameters = new SearchParameters(EfSearch: ef);
        var found = RunAll(index, data, k, parameters);
        double recall = 0;
        for (int q = 0; q < found.Length; q++)
        {
            recall += found[q].Intersect(truth[q]).Count() / (double)k;
        }
        Func<Action<int>> worker = () =>
        {
            var hits = new SearchHit[k];
            return q => index.Search(data.Query(q), k, hits, parameters);
        };
        var (qps, cpu) = Measure(data, threads, minSeconds, worker, int.MaxValue);
        return new QueryResult("hnsw", ef, recall / found.Length, qps, cpu);
    }

    /// <summary>Mean similarity of the 1st and k-th true neighbour, and of random pairs: how hard the data is.</summary>
    public static (double First, double Kth, double Random) Difficulty(HnswIndex index, VectorDataset data, int k)
    {
        double first = 0;
        double kth = 0;
        double random = 0;
        var rng = new Random(1);
        var hits = new SearchHit[k];
        for (int q = 0; q < data.QueryCount; q++)
        {
            int count = index.Search(data.Query(q), k, hits, new SearchParameters(Exact: true));
            first += hits[0].Score;
            kth += hits[count - 1].Score;
            var other = data.BaseRow(rng.Next(data.Count)).Span;
            random += System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(data.Query(q), other);
        }
        return (first / data.QueryCount, kth / data.QueryCount, random / data.QueryCount);
    }

    private static int[][] RunAll(HnswIndex index, VectorDataset data, int k, SearchParameters parameters)
    {
        var results = new int[data.QueryCount][];
        var hits = new SearchHit[k];
        for (int q = 0; q < data.QueryCount; q++)
        {
            int count = index.Search(data.Query(q), k, hits, parameters);
            results[q] = hits.AsSpan(0, count).ToArray().Select(h => h.InternalId).ToArray();
        }
        return results;
    }

    /// <summary>Wall-clock QPS for each thread count, and single-thread queries per CPU-second.</summary>
    private static (Dictionary<int, double> Qps, double CpuQps) Measure(VectorDataset data, IReadOnlyList<int> threads,
        double minSeconds, Func<Action<int>> worker, int maxQueries)
    {
        var measured = threads.ToDictionary(t => t, t => Throughput(data, t, minSeconds, worker, maxQueries));
        double cpu = measured.TryGetValue(1, out var single) ? single.Cpu : Throughput(data, 1, minSeconds, worker, maxQueries).Cpu;
        return (measured.ToDictionary(p => p.Key, p => p.Value.Wall), cpu);
    }

    /// <summary>
    /// Queries per second with <paramref name="threads"/> threads splitting the query set, after one warm-up
    /// pass: the best of three repetitions (as ann-benchmarks reports the best of several runs), each
    /// repeating whole passes for at least a third of <paramref name="minSeconds"/>. Taking the best run
    /// keeps other work on the machine from dragging the figure down. Also queries per CPU-second of the
    /// process (meaningful with one thread): time the thread spent descheduled does not count.
    /// </summary>
    private static (double Wall, double Cpu) Throughput(VectorDataset data, int threads, double minSeconds, Func<Action<int>> worker,
        int maxQueries = int.MaxValue)
    {
        const int repetitions = 3;
        int queryCount = Math.Min(data.QueryCount, maxQueries);
        void Pass(int thread, int threadCount)
        {
            var search = worker();
            for (int q = thread; q < queryCount; q += threadCount)
            {
                search(q);
            }
        }

        Pass(0, 1);
        double best = 0;
        double bestCpu = 0;
        using var process = Process.GetCurrentProcess();
        for (int repetition = 0; repetition < repetitions; repetition++)
        {
            long queries = 0;
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed.TotalSeconds < minSeconds / repetitions)
            {
                var workers = new Thread[threads];
                for (int t = 0; t < threads; t++)
                {
                    int thread = t;
                    workers[t] = new Thread(() => Pass(thread, threads));
                    workers[t].Start();
                }
                foreach (var running in workers)
                {
                    running.Join();
                }
                queries += queryCount;
            }
            best = Math.Max(best, queries / stopwatch.Elapsed.TotalSeconds);
            process.Refresh();
            bestCpu = Math.Max(bestCpu, queries / (process.TotalProcessorTime - cpuStart).TotalSeconds);
        }
        return (best, bestCpu);
    }

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
