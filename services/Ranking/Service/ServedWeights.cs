using Microsoft.Extensions.Logging;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Service;

/// <summary>
/// The weights Rank scores with, replaceable while requests run: a request reads <see cref="Model"/>
/// once and scores every candidate with that model, so a swap never mixes two models in one answer.
/// A load writes the new file over the configured weights path (atomically) and keeps the replaced
/// weights beside it (<c>weights.json.previous</c>) and in memory for <see cref="Rollback"/>, so a
/// restarted replica serves what it served before.
/// </summary>
public sealed class ServedWeights
{
    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile ServedModel _current;
    private ServedModel? _previous;

    public ServedWeights(RankingModel initial, RankingModel? previous, string? path, TimeProvider time, ILogger logger)
    {
        _path = path is null ? null : Path.GetFullPath(path);
        _time = time;
        _logger = logger;
        _current = new ServedModel(initial, time.GetUtcNow());
        _previous = previous is null ? null : new ServedModel(previous, time.GetUtcNow());
    }

    /// <summary>The model requests score with now.</summary>
    public RankingModel Model => _current.Model;

    /// <summary>The model in service and when it started serving.</summary>
    public ServedModel Current => _current;

    /// <summary>What a rollback would serve, if anything.</summary>
    public ServedModel? Previous
    {
        get
        {
            lock (_gate)
            {
                return _previous;
            }
        }
    }

    /// <summary>The file a replaced model is kept in beside <paramref name="weightsPath"/>.</summary>
    public static string PreviousPath(string weightsPath) => weightsPath + ".previous";

    /// <summary>Serves <paramref name="model"/> from now on, keeping the model it replaces for rollback.</summary>
    /// <exception cref="IOException">The weights file could not be written (nothing changed then).</exception>
    public void Load(RankingModel model)
    {
        lock (_gate)
        {
            var replaced = _current;
            if (_path is not null)
            {
                WeightsFile.Save(replaced.Model, PreviousPath(_path));
                WeightsFile.Save(model, _path);
            }
            _previous = replaced;
            _current = new ServedModel(model, _time.GetUtcNow());
            _logger.LogInformation("Ranking weights {Version} in service (replacing {Previous})", model.Version, replaced.Model.Version);
        }
    }

    /// <summary>Serves the model the last <see cref="Load"/> replaced.</summary>
    /// <exception cref="InvalidOperationException">No model was replaced.</exception>
    public void Rollback()
    {
        lock (_gate)
        {
            var previous = _previous ?? throw new InvalidOperationException($"there are no earlier weights to roll back to; {_current.Model.Version} is the only version this replica has served");
            if (_path is not null)
            {
                WeightsFile.Save(previous.Model, _path);
                File.Delete(PreviousPath(_path));
            }
            _logger.LogWarning("Ranking weights rolled back from {Version} to {Previous}", _current.Model.Version, previous.Model.Version);
            _current = new ServedModel(previous.Model, _time.GetUtcNow());
            _previous = null;
        }
    }
}

/// <summary>A model and when this replica started serving it.</summary>
public sealed record ServedModel(RankingModel Model, DateTimeOffset LoadedAt);
