using System.Text;

namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>Scans a data directory's files for bytes, for erasure tests.</summary>
public static class DataFiles
{
    /// <summary>
    /// The files under <paramref name="directory"/> whose bytes contain <paramref name="marker"/> (UTF-8). LOCK files
    /// are skipped: they hold only the owner's pid, and a running service holds them exclusively.
    /// </summary>
    public static List<string> Containing(string directory, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "LOCK" && File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
            .ToList();
    }
}
