using System.Text;
using Recommender.IndexBench.Datasets;

namespace Recommender.IndexBench;

/// <summary>Markdown tables for one dataset and size.</summary>
internal static class Report
{
    public static void AppendSize(StringBuilder report, string description, VectorDataset data, List<BuildResult> builds,
        QueryResult exact, QueryResult flat, List<QueryResult> results, (double First, double Kth, double Random) difficulty, BenchArguments arguments)
    {
        var threads = arguments.QueryThreads;
        report.AppendLine($"### {data.Count:N0} items, {data.Dimension} dimensions: {data.Name}");
        report.AppendLine();
        report.AppendLine($"Data: {description}. Mean cosine similarity of a query to its 1st / {arguments.K}th true neighbour " +
            $"{difficulty.First:F3} / {difficulty.Kth:F3}, to a random item {difficulty.Random:F3}.");
        report.AppendLine();
        // CPU time above wall time shows the threads really ran in parallel, even when other work on the
        // machine kept the wall time from dropping.
        report.AppendLine("| build threads | build time | inserts/s | CPU time | memory per item (GC heap) | memory per item (index estimate) |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var build in builds)
        {
            report.AppendLine($"| {build.Threads} | {build.Elapsed.TotalSeconds:F1} s | {data.Count / build.Elapsed.TotalSeconds:N0} | " +
                $"{build.CpuTime.TotalSeconds:F1} s | {build.MeasuredBytes / (double)data.Count:N0} B | {build.EstimatedBytes / (double)data.Count:N0} B |");
        }
        report.AppendLine();
        report.Append($"| search | recall@{arguments.K} |");
        foreach (int t in threads)
        {
            report.Append($" QPS, {t} thread{(t == 1 ? "" : "s")} |");
        }
        report.AppendLine(" queries per CPU-second, 1 thread | speed-up over exact (CPU time) |");
        report.Append("|---|---:|");
        foreach (int _ in threads)
        {
            report.Append("---:|");
        }
        report.AppendLine("---:|---:|");
        // Speed-ups compare CPU time per query on one thread against the faster of the two exact scans:
        // on a shared machine wall-clock ratios swing with other people's work, CPU time much less.
        double baseline = Math.Max(exact.CpuQps, flat.CpuQps);
        foreach (var result in results.Prepend(flat).Prepend(exact))
        {
            string name = result.Method switch
            {
                "exact" => "exact search of the index",
                "flat" => "brute force over a flat array",
                _ => $"HNSW efSearch {result.EfSearch}",
            };
            report.Append($"| {name} | {result.Recall:F4} |");
            foreach (int t in threads)
            {
                report.Append($" {result.QpsByThreads[t]:N0} |");
            }
            report.AppendLine($" {result.CpuQps:N0} | {result.CpuQps / baseline:F1}x |");
        }
        report.AppendLine();
        var goal = results.Where(r => r.Recall >= 0.95).OrderByDescending(r => r.CpuQps).FirstOrDefault();
        report.AppendLine(goal is null
            ? $"Goal (recall@{arguments.K} >= 0.95 at >= 20x exact): no efSearch in the sweep reached recall 0.95."
            : $"Goal (recall@{arguments.K} >= 0.95 at >= 20x exact): efSearch {goal.EfSearch} gives recall {goal.Recall:F3} at " +
              $"{goal.CpuQps / baseline:F1}x the faster exact scan ({(goal.CpuQps / baseline >= 20 ? "met" : "not met")}).");
        report.AppendLine();
        report.AppendLine($"Load average when this section finished: {MachineInfo.LoadAverage()} (other work on the machine slows every column).");
        report.AppendLine();
    }
}
