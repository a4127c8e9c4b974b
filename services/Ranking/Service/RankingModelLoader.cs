using Microsoft.Extensions.Logging;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Service;

/// <summary>Loads the configured weights file (and the one it replaced, if kept), or the built-in weights when there is none.</summary>
public static class RankingModelLoader
{
    /// <summary>The weights to serve for <paramref name="options"/>.</summary>
    /// <exception cref="WeightsFileException">The file exists but is invalid (the service must not start with it).</exception>
    public static ServedWeights Load(RankingOptions options, TimeProvider time, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.WeightsPath))
        {
            logger.LogInformation("No ranking weights file configured; using the built-in weights {Version} (loaded weights will not survive a restart)", BuiltInModel.Version);
            return new ServedWeights(BuiltInModel.Instance, previous: null, path: null, time, logger);
        }
        var path = Path.GetFullPath(options.WeightsPath);
        var previousPath = ServedWeights.PreviousPath(path);
        var previous = File.Exists(previousPath) ? WeightsFile.Load(previousPath) : null;
        if (!File.Exists(path))
        {
            logger.LogWarning("Ranking weights file {Path} not found; using the built-in weights {Version} until weights are loaded (make train)", path, BuiltInModel.Version);
            return new ServedWeights(BuiltInModel.Instance, previous, path, time, logger);
        }
        var model = WeightsFile.Load(path);
        logger.LogInformation("Loaded ranking weights {Version} ({Objective}, {Features} features) from {Path}",
            model.Version, model.Objective is { } o ? WeightsFile.ObjectiveName(o) : "manual", model.Weights.Count, path);
        return new ServedWeights(model, previous, path, time, logger);
    }
}
