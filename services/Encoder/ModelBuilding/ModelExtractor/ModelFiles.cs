using System.Security.Cryptography;
using System.Text;

namespace Recommender.Encoder.ModelBuilding;

/// <summary>Writes one model directory from its package and checks it against the pinned checksums.</summary>
internal static class ModelFiles
{
    public const string ModelFile = "model.onnx";
    public const string VocabularyFile = "vocab.txt";
    public const string ManifestFile = "encoder.json";

    /// <summary>Whether <paramref name="directory"/> holds exactly what <see cref="Write"/> would write.</summary>
    public static bool AreCurrent(string directory, PackagedModel model) =>
        Sha256Of(Path.Combine(directory, ModelFile)) == model.ModelSha256
        && Sha256Of(Path.Combine(directory, VocabularyFile)) == model.VocabularySha256
        && File.Exists(Path.Combine(directory, ManifestFile))
        && File.ReadAllText(Path.Combine(directory, ManifestFile)) == ManifestText(model);

    /// <summary>
    /// Writes the model into a staging directory beside <paramref name="directory"/>, verifies the
    /// checksums and renames it into place, so a failure never leaves a half-written model.
    /// </summary>
    public static void Write(string directory, PackagedModel model, string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"{assemblyPath} is missing: `make models` restores {model.PackageId} {model.PackageVersion} (dotnet restore of ModelExtractor.csproj)");
        }
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        Directory.CreateDirectory(parent);
        var staging = Directory.CreateDirectory(Path.Combine(parent, $".{model.Name}.{Guid.NewGuid():N}")).FullName;
        try
        {
            using (var resources = new ManifestResources(assemblyPath))
            {
                using (var onnx = File.Create(Path.Combine(staging, ModelFile)))
                {
                    resources.CopyTo(model.ResourcePrefix + ModelFile, onnx);
                }
                using var vocabulary = new MemoryStream();
                resources.CopyTo(model.ResourcePrefix + VocabularyFile, vocabulary);
                // The package's vocab.txt has CRLF line ends; the tokenizer and the checksum want LF.
                var text = Encoding.UTF8.GetString(vocabulary.ToArray()).Replace("\r\n", "\n");
                File.WriteAllText(Path.Combine(staging, VocabularyFile), text, new UTF8Encoding(false));
            }
            File.WriteAllText(Path.Combine(staging, ManifestFile), ManifestText(model), new UTF8Encoding(false));
            Verify(staging, ModelFile, model.ModelSha256, model);
            Verify(staging, VocabularyFile, model.VocabularySha256, model);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            Directory.Move(staging, directory);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static string ManifestText(PackagedModel model) => model.Manifest.ReplaceLineEndings("\n") + "\n";

    private static void Verify(string directory, string file, string expected, PackagedModel model)
    {
        var actual = Sha256Of(Path.Combine(directory, file));
        if (actual != expected)
        {
            throw new InvalidDataException(
                $"{model.Name}/{file} from {model.PackageId} {model.PackageVersion} has SHA-256 {actual}, expected {expected}; the package is not the one this build pins");
        }
    }

    private static string? Sha256Of(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
