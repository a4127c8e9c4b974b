using System.Diagnostics;

namespace Recommender.Encoder.Tests.Support;

/// <summary>
/// Makes sure &lt;repo&gt;/models holds the pre-trained models by running the model build script (it writes
/// only what is missing or differs from the pinned checksums, under a lock, so `make models` and
/// parallel test runs can share it).
/// </summary>
internal static class BuiltModels
{
    private static readonly Lazy<string> Root = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The models root, built on first use.</summary>
    public static string EnsureBuilt() => Root.Value;

    private static string Build()
    {
        var script = Path.Combine(RepositoryPaths.Root, "services", "Encoder", "ModelBuilding", "build_models.sh");
        var start = new ProcessStartInfo("bash", [script, RepositoryPaths.Models])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 5 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        }
        return RepositoryPaths.Models;
    }
}
