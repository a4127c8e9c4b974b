using Microsoft.Extensions.Logging;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Service;

/// <summary>Loads the configured weights file, or the built-in weights when there is none.</summary>
public static class RankingModelLoader
{
    /// <summary>The model for <paramref name="options"/>.</summary>
    /// <exception cref="WeightsFileException">The file exists but is invalid (the service must not start with it).</exception>
    public static RankingModel Load(RankingOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.WeightsPath))
        {
            logger.LogInformation("No ranking weights file configured; using the built-in weights {Version}", BuiltInModel.Version);
            return BuiltInModel.Instance;
        }
        var path = Path.GetFullPath(options.WeightsPath);
        if (!File.Exists(path))
        {
            logger.LogWarning("Ranking weights file {Path} not found; using the built-in weights {Version}", path, BuiltInModel.Version);
            return BuiltInModel.Instance;
        }
        var model = WeightsFile.Load(path);
        logger.LogInformation("Loaded ranking weights {Version} ({Objective}, {Features} features) from {Path}",
            model.Version, model.Objective is { } o ? WeightsFile.ObjectiveName(o) : "manual", model.Weights.Count, path);
        return model;
    }
}
