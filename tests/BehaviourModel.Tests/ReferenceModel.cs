using System.Diagnostics;
using System.Text.Json;

namespace Recommender.BehaviourModel.Tests;

/// <summary>
/// A small behaviour model trained by the Python trainer (services/Encoder/BehaviourModel,
/// `python3 -m behaviour_model reference`) on its synthetic store and exported, with the numbers
/// the trainer computed (reference.json), built once per test run into a temporary folder.
/// </summary>
public sealed class ReferenceModel : IDisposable
{
    public ReferenceModel()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"behaviour-reference-{Environment.ProcessId}");
        var package = Path.Combine(RepositoryRoot(), "services", "Encoder", "BehaviourModel");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("PYTHON") ?? "/usr/bin/python3")
        {
            WorkingDirectory = package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-m", "behaviour_model", "reference", "--out", Directory })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the behaviour model trainer did not finish the reference model within 5 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"the behaviour model trainer failed (exit {process.ExitCode}; needs Debian's python3-torch and python3-onnx, see scripts/setup.sh):\n{output}\n{error.Result}");
        }
        Manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "encoder.json"))).RootElement.Clone();
        Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "reference.json"))).RootElement.Clone();
        ItemIds = File.ReadAllLines(Path.Combine(Directory, Manifest.GetProperty("item_ids").GetString()!));
        Dimension = Manifest.GetProperty("dimension").GetInt32();
        MaxLength = Manifest.GetProperty("max_length").GetInt32();
    }

    public string Directory { get; }

    public JsonElement Manifest { get; }

    public JsonElement Reference { get; }

    public IReadOnlyList<string> ItemIds { get; }

    public int Dimension { get; }

    public int MaxLength { get; }

    public string PathOf(string manifestProperty, string? nested = null)
    {
        var element = Manifest.GetProperty(manifestProperty);
        return Path.Combine(Directory, (nested is null ? element : element.GetProperty(nested)).GetString()!);
    }

    /// <summary>item_vectors.f32: float32 little-endian, row-major (items, dimension).</summary>
    public float[] ItemVectors()
    {
        var bytes = File.ReadAllBytes(PathOf("item_vectors"));
        Assert.Equal(ItemIds.Count * Dimension * sizeof(float), bytes.Length);
        var vectors = new float[ItemIds.Count * Dimension];
        Buffer.BlockCopy(bytes, 0, vectors, 0, bytes.Length);
        return vectors;
    }

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
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
        throw new DirectoryNotFoundException($"Recommender.sln not found above {AppContext.BaseDirectory}");
    }
}
