namespace Recommender.StorageBench;

/// <summary>What the numbers were measured on: CPU, cores, and the file system under the data directory.</summary>
internal static class MachineDescription
{
    public static string Describe(string directory)
    {
        string cpu = ReadCpuModel() ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        return $"{cpu}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
            + $"data directory {directory} on {FileSystemOf(directory)}";
    }

    private static string? ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        return File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
    }

    private static string FileSystemOf(string directory)
    {
        const string mounts = "/proc/mounts";
        if (!File.Exists(mounts))
        {
            return "an unknown file system";
        }

        string full = Path.GetFullPath(directory);
        (string Device, string MountPoint, string Type)? best = null;
        foreach (string line in File.ReadLines(mounts))
        {
            string[] parts = line.Split(' ');
            if (parts.Length >= 3 && (full == parts[1] || full.StartsWith(parts[1].TrimEnd('/') + "/", StringComparison.Ordinal))
                && (best is null || parts[1].Length > best.Value.MountPoint.Length))
            {
                best = (parts[0], parts[1], parts[2]);
            }
        }

        return best is { } mount ? $"{mount.Type} ({mount.Device} at {mount.MountPoint})" : "an unknown file system";
    }
}
