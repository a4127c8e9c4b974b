using System.Diagnostics;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>
/// The encoder's default model, glove-100d, for the in-process encoder: built into &lt;repo&gt;/models by
/// services/Encoder/ModelBuilding/build_models.sh when missing or stale (the script builds under a lock, so `make models`
/// and parallel test runs share it), then exposed alone through a folder with a link to it, so the encoder does not
/// spend time loading the other models.
/// </summary>
internal static class EncoderModels
{
    public const string Default = "glove-100d";

    private static readonly Lazy<string> Root = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A models root holding only glove-100d.</summary>
    public static string GloveOnly => Root.Value;

    private static string Prepare()
    {
        var repository = RepositoryRoot();
        var models = Path.Combine(repository, "models");
        var script = Path.Combine(repository, "services", "Encoder", "ModelBuilding", "build_models.sh");
        var start = new ProcessStartInfo("bash", [script, models, Default])
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
                throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode} (run `make setup` for its npm packages):\n{stdout}\n{stderr.Result}");
            }
        }

        var root = Path.Combine(Path.GetTempPath(), "candidate-retrieval-tests", "models-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        var link = Path.Combine(root, Default);
        if (!Directory.Exists(link))
        {
            Directory.CreateSymbolicLink(link, Path.Combine(models, Default));
        }
        return root;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Recommender.sln above {AppContext.BaseDirectory}");
    }
}
