namespace Recommender.Encoder.Tests.Support;

/// <summary>Locations the tests read: the repository root, ../shared data beside it, and built models.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootValue = new(FindRoot);

    /// <summary>The directory holding Recommender.sln.</summary>
    public static string Root => RootValue.Value;

    /// <summary>The shared test data folder (../shared/data), which may be absent.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>BERT base uncased vocabulary from the shared data, or null when ../shared is absent.</summary>
    public static string? BertVocabulary => ExistingFile(Path.Combine(SharedData, "bert-base-uncased", "vocab.txt"));

    /// <summary>The WordPiece conformance lines from the shared data, or null when ../shared is absent.</summary>
    public static string? WordPieceConformance =>
        ExistingFile(Path.Combine(SharedData, "bert-base-uncased", "wordpiece-conformance.jsonl"));

    /// <summary>Where `make models` puts the models.</summary>
    public static string Models => Path.Combine(Root, "models");

    private static string? ExistingFile(string path) => File.Exists(path) ? path : null;

    private static string FindRoot()
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
