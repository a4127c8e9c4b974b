using System.Text;
using Recommender.IndexBench.Datasets;

namespace Recommender.IndexBench;

/// <summary>Markdown tables for one dataset and size.</summary>
internal static class Report
{
    public static void AppendSize(StringBuilder report, string description, VectorDataset data, List<BuildResult> builds,
        QueryResult exact, List<QueryResult> results, (double First, double Kth, double Random) difficulty, BenchArguments arguments)
    {
        var threads = arguments.QueryThreads;
        report.AppendLine($"### {data.Count:N0} items, {data.Dimension} dimensions: {data.Name}");
        report.AppendLine();
        report.AppendLine($"Data: {description}. Mean cosine similarity of a query to its 1st / {arguments.K}th true neighbour " +
            $"{difficulty.First:F3} / {difficulty.Kth:F3}, to a random item {difficulty.Random:F3}.");
        report.AppendLine();
        report.AppendLine("| build threads | build time | inserts/s | memory per item (GC heap) | memory per item (index estimate) |");
        report.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var build in builds)
        {
            report.AppendLine($"| {build.Threads} | {build.Elapsed.TotalSeconds:F1} s | {data.Count / build.Elapsed.TotalSeconds:N0} | " +
                $"{build.MeasuredBytes / (double)data.Count:N0} B | {build.EstimatedBytes / (double)data.Count:N0} B |");
        }
        report.AppendLine();
        report.Append($"| search | recall@{arguments.K} |");
        foreach (int t in threads)
        {
            report.Append($" QPS, {t} thread{(t == 1 ? "" : "s")} |");
        }
        report.AppendLine(" QPS vs exact |");
        report.Append("|---|---:|");
        foreach (int _ in threads)
        {
            report.Append("---:|");
        }
        report.AppendLine("---:|");
        foreach (var result in results.Prepend(exact))
        {
            string name = result.EfSearch is int ef ? $"HNSW efSearch {ef}" : "exact (brute force)";
            report.Append($"| {name} | {result.Recall:F4} |");
            foreach (int t in threads)
            {
                report.Append($" {result.QpsByThreads[t]:N0} |");
            }
            // Same thread count on both sides: the first column's.
            report.AppendLine($" {result.QpsByThreads[threads[0]] / exact.QpsByThreads[threads[0]]:F1}x |");
        }
        report.AppendLine();
    }
}
