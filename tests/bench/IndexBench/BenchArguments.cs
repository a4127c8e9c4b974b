using System.Globalization;
using Recommender.IndexBench.Datasets;

namespace Recommender.IndexBench;

/// <summary>Command line of the benchmark. Every value has a default, so a bare run measures the standard set.</summary>
public sealed record BenchArguments(
    IReadOnlyList<IVectorSource> Sources,
    IReadOnlyList<int> Sizes,
    int Queries,
    int K,
    int M,
    int EfConstruction,
    IReadOnlyList<int> EfSearch,
    IReadOnlyList<int> BuildThreads,
    IReadOnlyList<int> LargeBuildThreads,
    IReadOnlyList<int> QueryThreads,
    double MinSecondsPerMeasurement)
{
    public const string Usage = """
        IndexBench [options]
          --dataset SOURCE[,SOURCE...]  clustered, <path>.npy or <path>.fvecs (default clustered);
                             each source is measured in turn
          --dim N            dimension of the generated data (default 100)
          --sizes N[,N...]   index sizes (default 100000)
          --million          also measure 1,000,000 items
          --queries N        held-out queries (default 1000)
          --k N              neighbours per query (default 10)
          --m N              HNSW M (default 16)
          --ef-construction N (default 200)
          --ef N[,N...]      efSearch values (default 16,24,32,48,64,128,256)
          --build-threads N[,N...] (default 1,2)
          --large-build-threads N[,N...]  build threads from 1,000,000 items up (default 2:
                             a one-thread build of a million items takes too long to repeat)
          --query-threads N[,N...] (default 1,2)
          --min-seconds S    time per throughput measurement, split over 3 repetitions (default 3)
          --seed N           seed of the generated data (default 7)
        """;

    public static BenchArguments Parse(string[] args)
    {
        string dataset = "clustered";
        int dimension = 100;
        int seed = 7;
        var sizes = new List<int> { 100_000 };
        bool million = false;
        int queries = 1000;
        int k = 10;
        int m = 16;
        int efConstruction = 200;
        var ef = new List<int> { 16, 24, 32, 48, 64, 128, 256 };
        var buildThreads = new List<int> { 1, 2 };
        var largeBuildThreads = new List<int> { 2 };
        var queryThreads = new List<int> { 1, 2 };
        double minSeconds = 3;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--dataset": dataset = Next(); break;
                case "--dim": dimension = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--sizes": sizes = ParseList(Next()); break;
                case "--million": million = true; break;
                case "--queries": queries = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--k": k = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--m": m = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--ef-construction": efConstruction = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--ef": ef = ParseList(Next()); break;
                case "--build-threads": buildThreads = ParseList(Next()); break;
                case "--large-build-threads": largeBuildThreads = ParseList(Next()); break;
                case "--query-threads": queryThreads = ParseList(Next()); break;
                case "--min-seconds": minSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--help" or "-h": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }
        if (million && !sizes.Contains(1_000_000))
        {
            sizes.Add(1_000_000);
        }
        var sources = dataset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d == "clustered" ? (IVectorSource)new ClusteredSphereSource(dimension, seed) : new VectorFileSource(d))
            .ToList();
        return new BenchArguments(sources, sizes, queries, k, m, efConstruction, ef, buildThreads, largeBuildThreads, queryThreads, minSeconds);
    }

    private static List<int> ParseList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
}
