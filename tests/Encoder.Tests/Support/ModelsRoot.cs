namespace Recommender.Encoder.Tests.Support;

/// <summary>A temporary models root whose model directories link to the built ones or hold test files.</summary>
public sealed class ModelsRoot : IDisposable
{
    private readonly TempDirectory _directory = new();

    public string Path => _directory.Path;

    /// <summary>Links the built model <paramref name="name"/> in under <paramref name="as"/> (default: its own name).</summary>
    public ModelsRoot Link(string name, string? @as = null)
    {
        Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, @as ?? name), System.IO.Path.Combine(BuiltModels.EnsureBuilt(), name));
        return this;
    }

    /// <summary>
    /// A model directory <paramref name="name"/> whose files link to the built models' files, e.g.
    /// ("model.onnx", "all-minilm-l6-v2"), except the files of <paramref name="overrides"/>, written as
    /// given (never through a link, so the built models stay intact).
    /// </summary>
    public string Compose(string name, IReadOnlyDictionary<string, string> linkedFrom, IReadOnlyDictionary<string, byte[]>? overrides = null)
    {
        overrides ??= new Dictionary<string, byte[]>();
        var directory = Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;
        foreach (var (file, model) in linkedFrom.Where(link => !overrides.ContainsKey(link.Key)))
        {
            File.CreateSymbolicLink(System.IO.Path.Combine(directory, file), System.IO.Path.Combine(BuiltModels.EnsureBuilt(), model, file));
        }

        foreach (var (file, bytes) in overrides)
        {
            File.WriteAllBytes(System.IO.Path.Combine(directory, file), bytes);
        }

        return directory;
    }

    public void Dispose() => _directory.Dispose();
}
