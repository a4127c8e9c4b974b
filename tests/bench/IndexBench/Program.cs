using System.Diagnostics;
using System.Globalization;
using System.Text;
using Recommender.IndexBench;

// Index benchmark: build time, memory per item, recall@k against exact search and queries per second,
// for each size and efSearch value. Prints a markdown report the README can take verbatim.
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
report.AppendLine($"- Command: `dotnet run -c Release --project tests/bench/IndexBench -- {string.Join(' ', args)}`".Replace(" -- `", "`"));
report.AppendLine($"- Data: {arguments.Source.Describe()}; {arguments.Queries} held-out queries; recall@{arguments.K} against exact search");
report.AppendLine($"- Index: M = {arguments.M}, efConstruction = {arguments.EfConstruction}, cosine similarity (TensorPrimitives.Dot on unit vectors)");
report.AppendLine();

foreach (int size in arguments.Sizes)
{
    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] generating {size:N0} items");
    var data = arguments.Source.Load(size, arguments.Queries);
    Recommender.CandidateRetrieval.Index.HnswIndex? index = null;
    var builds = new List<BuildResult>();
    foreach (int threads in arguments.BuildThreads)
    {
        index = null;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] building {data.Count:N0} x {data.Dimension} with {threads} thread(s)");
        (index, var build) = Measurements.Build(data, arguments.M, arguments.EfConstruction, threads);
        builds.Add(build);
        Console.Error.WriteLine($"    {build.Elapsed.TotalSeconds:F1} s");
    }
    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] exact search (ground truth)");
    var (truth, exact) = Measurements.Exact(index!, data, arguments.K, arguments.QueryThreads, arguments.MinSecondsPerMeasurement);
    var difficulty = Measurements.Difficulty(index!, data, arguments.K);
    var results = new List<QueryResult>();
    foreach (int ef in arguments.EfSearch)
    {
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] efSearch {ef}");
        var result = Measurements.Hnsw(index!, data, arguments.K, ef, truth, arguments.QueryThreads, arguments.MinSecondsPerMeasurement);
        Console.Error.WriteLine($"    recall {result.Recall:F4}, {string.Join(", ", result.QpsByThreads.Select(p => $"{p.Value:F0} qps on {p.Key}"))}");
        results.Add(result);
    }
    Report.AppendSize(report, data, builds, exact, results, difficulty, arguments);
}

Console.WriteLine(report.ToString());
return 0;

/// <summary>What the numbers were measured on.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        string model = "unknown CPU";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                model = line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        return $"{model}, {Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9)} GB RAM, .NET {Environment.Version}";
    }
}

/// <summary>Markdown tables of one size.</summary>
internal static class Report
{
    public static void AppendSize(StringBuilder report, Recommender.IndexBench.Datasets.VectorDataset data, List<BuildResult> builds,
        QueryResult exact, List<QueryResult> results, (double First, double Kth, double Random) difficulty, BenchArguments arguments)
    {
        report.AppendLine($"### {data.Count:N0} items, {data.Dimension} dimensions ({data.Name})");
        report.AppendLine();
        report.AppendLine($"Mean cosine similarity of a query to its 1st / {arguments.K}th true neighbour: {difficulty.First:F3} / {difficulty.Kth:F3}; to a random item: {difficulty.Random:F3}.");
        report.AppendLine();
        report.AppendLine("| build threads | build time | inserts/s | memory per item (GC heap) | memory per item (index estimate) | top layer |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var build in builds)
        {
            report.AppendLine($"| {build.Threads} | {build.Elapsed.TotalSeconds:F1} s | {data.Count / build.Elapsed.TotalSeconds:N0} | {build.MeasuredBytes / (double)data.Count:N0} B | {build.EstimatedBytes / (double)data.Count:N0} B | {build.MaxLevel} |");
        }
        report.AppendLine();
        var threadColumns = arguments.QueryThreads;
        report.Append($"| search | recall@{arguments.K} |");
        foreach (int t in threadColumns)
        {
            report.Append($" QPS, {t} thread{(t == 1 ? "" : "s")} |");
        }
        report.AppendLine(" speed-up over exact (1 thread) |");
        report.Append("|---|---:|");
        foreach (int _ in threadColumns)
        {
            report.Append("---:|");
        }
        report.AppendLine("---:|");
        double exactSingle = exact.QpsByThreads[threadColumns[0]];
        foreach (var result in results.Prepend(exact))
        {
            string name = result.EfSearch is int ef ? $"HNSW efSearch {ef}" : "exact (brute force)";
            report.Append($"| {name} | {result.Recall:F4} |");
            foreach (int t in threadColumns)
            {
                report.Append($" {result.QpsByThreads[t]:N0} |");
            }
            report.AppendLine($" {result.QpsByThreads[threadColumns[0]] / exactSingle:F1}x |");
        }
        report.AppendLine();
        _ = Stopwatch.Frequency;
    }
}
