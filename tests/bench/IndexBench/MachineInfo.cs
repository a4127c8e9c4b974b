namespace Recommender.IndexBench;

/// <summary>What the numbers were measured on: CPU model (as lscpu reports it), cores, memory, runtime, load.</summary>
internal static class MachineInfo
{
    /// <summary>One-minute load average (other work on the machine skews timings), or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static string Describe()
    {
        string model = "unknown CPU";
        string load = "";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                model = line[(line.IndexOf(':') + 1)..].Trim();
            }
            load = $", load average at start {LoadAverage()}";
        }
        catch (IOException)
        {
        }
        double memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{model}, {Environment.ProcessorCount} cores, {memory:F0} GiB RAM, .NET {Environment.Version}{load}";
    }
}
