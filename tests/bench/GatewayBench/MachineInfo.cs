using System.Globalization;

namespace Recommender.Bench.GatewayBench;

/// <summary>What the numbers were measured on: CPU model, cores, and how busy the machine was.</summary>
public static class MachineInfo
{
    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    public static int Cores => Environment.ProcessorCount;

    /// <summary>The 1-, 5- and 15-minute load averages, or "n/a" off Linux.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{CpuModel()}, {Cores} cores, {Environment.OSVersion.VersionString}, .NET {Environment.Version}");
}
