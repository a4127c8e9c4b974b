using System.Diagnostics;
using System.Globalization;
using Recommender.ClusterHarness;

namespace Recommender.Bench.GatewayBench;

/// <summary>The cluster's processes by name, and their memory and CPU time as the kernel counts them.</summary>
public static class ClusterProcesses
{
    public static readonly string[] Names = ["gateway", "encoder", "candidate-retrieval", "interest-model", "ranking"];

    public static IEnumerable<(string Name, int Pid)> Of(Cluster cluster) =>
        Names.Select(n => (n, cluster[n].Pid ?? throw new InvalidOperationException($"{n} is not running.")));

    /// <summary>Resident memory and CPU time (user + system) of a process now.</summary>
    public static ProcessSample Sample(string name, int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Refresh();
        return new ProcessSample(name, pid, DateTime.UtcNow, process.WorkingSet64, process.TotalProcessorTime);
    }
}

/// <summary>One reading of a process.</summary>
public sealed record ProcessSample(string Name, int Pid, DateTime At, long ResidentBytes, TimeSpan CpuTime)
{
    public double ResidentMiB => ResidentBytes / (1024.0 * 1024.0);

    /// <summary>CPU used between an earlier sample and this one, in percent of one core.</summary>
    public double CpuPercentSince(ProcessSample earlier) =>
        (CpuTime - earlier.CpuTime).TotalSeconds / Math.Max(1e-9, (At - earlier.At).TotalSeconds) * 100;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} {ResidentMiB:F0} MiB");
}
