using System.Diagnostics;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>
/// The encoder's models for the in-process encoder: written into &lt;repo&gt;/models by
/// services/Encoder/ModelBuilding/build_models.sh when missing (the script works under a lock, so `make models` and
/// parallel test runs share it), then exposed through a folder with links to them.
/// </summary>
internal static class EncoderModels
{
    /// <summary>The encoder's and the catalog's default model.</summary>
    public const string Default = "all-minilm-l6-v2";

    /// <summary>A second model of the same dimension, for catalogs embedded with another model.</summary>
    public const string Other = "arctic-embed-xs";

    private static readonly Lazy<string> Root = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A models root holding <see cref="Default"/> and <see cref="Other"/>.</summary>
    public static string Path => Root.Value;

    private static string Prepare()
    {
        var repository = RepositoryRoot();
        var models = System.IO.Path.Combine(repository, "models");
        var script = System.IO.Path.Combine(repository, "services", "Encoder", "ModelBuilding", "build_models.sh");
        var start = new ProcessStartInfo("bash", [script, models, Default, Other])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repository,
        };
        using (var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {script}"))
        {
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
        }

        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "candidate-retrieval-tests", "models-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        foreach (var model in new[] { Default, Other })
        {
            var link = System.IO.Path.Combine(root, model);
            if (!Directory.Exists(link))
            {
                Directory.CreateSymbolicLink(link, System.IO.Path.Combine(models, model));
            }
        }
        return root;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Recommender.sln above {AppContext.BaseDirectory}");
    }
}
