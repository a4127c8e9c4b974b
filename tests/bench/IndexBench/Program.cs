using System.Globalization;
using System.Text;
using Recommender.CandidateRetrieval.Index;
using Recommender.IndexBench;

// Index benchmark: build time, memory per item, recall@k against exact search and queries per second,
// for each dataset, size and efSearch value. Progress goes to stderr; stdout gets a markdown report
// the README can take verbatim.
BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var report = new StringBuilder();
report.AppendLine("## HNSW index benchmark");
report.AppendLine();
report.AppendLine($"- Machine: {MachineInfo.Describe()}");
report.AppendLine($"- Command: `dotnet run -c Release --project tests/bench/IndexBench{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}`");
report.AppendLine($"- Index: M = {arguments.M}, efConstruction = {arguments.EfConstruction}, cosine similarity (TensorPrimitives.Dot on unit vectors); {arguments.Queries} held-out queries, recall@{arguments.K} against exact search");
report.AppendLine($"- Throughput: after a warm-up pass the threads split the query set, repeating whole passes; best of 3 repetitions of at least {arguments.MinSecondsPerMeasurement / 3:0.##} s each; QPS counts all threads");
report.AppendLine();
Flush(report);

foreach (var source in arguments.Sources)
{
    int previousCount = -1;
    foreach (int size in arguments.Sizes)
    {
        Progress($"loading {size:N0} items: {source.Describe()}");
        var data = source.Load(size, arguments.Queries);
        if (data.Count == previousCount)
        {
            Progress($"the source has only {data.Count:N0} rows besides the queries; {size:N0} would repeat the last run");
            continue;
        }
        previousCount = data.Count;
        HnswIndex? index = null;
        var builds = new List<BuildResult>();
        foreach (int threads in size >= 1_000_000 ? arguments.LargeBuildThreads : arguments.BuildThreads)
        {
            index = null; // let the previous build go before measuring the next one's memory
            Progress($"building {data.Count:N0} x {data.Dimension} with {threads} thread(s)");
            (index, var build) = Measurements.Build(data, arguments.M, arguments.EfConstruction, threads);
            builds.Add(build);
            Progress($"    {build.Elapsed.TotalSeconds:F1} s, {build.MeasuredBytes / (double)data.Count:N0} B/item");
        }
        Progress("exact search (ground truth and its throughput)");
        var (truth, exact) = Measurements.Exact(index!, data, arguments.K, arguments.QueryThreads, arguments.MinSecondsPerMeasurement);
        var flat = Measurements.Flat(data, arguments.K, arguments.QueryThreads, arguments.MinSecondsPerMeasurement);
        var difficulty = Measurements.Difficulty(index!, data, arguments.K);
        var results = new List<QueryResult>();
        foreach (int ef in arguments.EfSearch)
        {
            var result = Measurements.Hnsw(index!, data, arguments.K, ef, truth, arguments.QueryThreads, arguments.MinSecondsPerMeasurement);
            Progress($"efSearch {ef}: recall {result.Recall:F4}, {string.Join(", ", result.QpsByThreads.Select(p => $"{p.Value:F0} QPS on {p.Key}"))}, {result.CpuQps:F0} per CPU-second");
            results.Add(result);
        }
        Report.AppendSize(report, source.Describe(), data, builds, exact, flat, results, difficulty, arguments);
        Flush(report);
    }
}

Progress($"done; load average now {MachineInfo.LoadAverage()}");
return 0;

// Each section goes out as soon as it is measured, so a long run that is stopped keeps what it has.
static void Flush(StringBuilder report)
{
    Console.Write(report.ToString());
    Console.Out.Flush();
    report.Clear();
}

static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
