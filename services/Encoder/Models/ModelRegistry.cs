using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Models;

/// <summary>
/// Every model under <see cref="EncoderRuntimeOptions.ModelsRoot"/>, loaded once and served by name.
/// A directory that fails to load is logged and listed in <see cref="Errors"/> while the others
/// load. <see cref="IsReady"/> turns true when loading (with warm-up) is done and the default model
/// is available; health checks should report serving only then.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly EncoderRuntimeOptions _options;
    private readonly ILogger<ModelRegistry> _logger;
    private readonly Lock _loadLock = new();
    private volatile IReadOnlyDictionary<string, EncoderModel> _models = new Dictionary<string, EncoderModel>();
    private volatile IReadOnlyList<ModelLoadError> _errors = [];
    private volatile bool _ready;

    /// <summary>Creates an empty registry; call <see cref="LoadAll"/> to load the models.</summary>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public ModelRegistry(EncoderRuntimeOptions options, ILogger<ModelRegistry> logger)
    {
        options.Validate();
        _options = options;
        _logger = logger;
    }

    /// <summary>True once every model directory was tried and the default model is loaded and warmed up.</summary>
    public bool IsReady => _ready;

    /// <summary>The loaded models, ordered by name.</summary>
    public IReadOnlyList<EncoderModel> Models => [.. _models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>Model directories that could not be loaded, and why.</summary>
    public IReadOnlyList<ModelLoadError> Errors => _errors;

    /// <summary>The name used when a request names no model.</summary>
    public string DefaultModelName => _options.DefaultModel;

    /// <summary>
    /// Loads every model directory under the models root (directories whose name starts with '.' are
    /// skipped: the model build stages into them). Call once at start, off the request path: it
    /// takes as long as loading and warming up all models.
    /// </summary>
    /// <exception cref="InvalidOperationException">Models were already loaded.</exception>
    public void LoadAll()
    {
        lock (_loadLock)
        {
            if (_models.Count > 0 || _errors.Count > 0)
            {
                throw new InvalidOperationException("models are already loaded");
            }
            var root = Path.GetFullPath(_options.ModelsRoot);
            var models = new Dictionary<string, EncoderModel>(StringComparer.Ordinal);
            var errors = new List<ModelLoadError>();
            if (!Directory.Exists(root))
            {
                errors.Add(new ModelLoadError(_options.DefaultModel, root, "models root does not exist; run `make models` or set " +
                    $"{EncoderRuntimeOptions.SectionName}:{nameof(EncoderRuntimeOptions.ModelsRoot)}"));
            }
            else
            {
                var loader = new ModelLoader(_options, new SessionFactory(_options, _logger), _logger);
                var directories = Directory.GetDirectories(root)
                    .Where(d => !Path.GetFileName(d).StartsWith('.'))
                    .Order(StringComparer.Ordinal);
                foreach (var directory in directories)
                {
                    var name = Path.GetFileName(directory);
                    try
                    {
                        models[name] = loader.Load(directory);
                    }
                    catch (ModelLoadException e)
                    {
                        errors.Add(new ModelLoadError(name, e.File, e.Problem));
                        _logger.LogError("Model {Name} not loaded: {File}: {Problem}", name, e.File, e.Problem);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // Whatever else goes wrong with one directory must not keep the others from loading.
                        errors.Add(new ModelLoadError(name, directory, $"{e.GetType().Name}: {e.Message}"));
                        _logger.LogError(e, "Model {Name} not loaded from {Directory}", name, directory);
                    }
                }
            }
            if (!models.ContainsKey(_options.DefaultModel))
            {
                _logger.LogError("Default model {Name} is not available under {Root}; the encoder is not ready", _options.DefaultModel, root);
            }
            _models = models;
            _errors = errors;
            _ready = models.ContainsKey(_options.DefaultModel);
        }
    }

    /// <summary>Finds a model by name; null or empty means the default model.</summary>
    public bool TryGet(string? name, [NotNullWhen(true)] out EncoderModel? model) =>
        _models.TryGetValue(string.IsNullOrEmpty(name) ? _options.DefaultModel : name, out model);

    /// <summary>Finds a model by name; null or empty means the default model.</summary>
    /// <exception cref="KeyNotFoundException">No such model is loaded; the message lists the loaded ones.</exception>
    public EncoderModel Get(string? name)
    {
        if (TryGet(name, out var model))
        {
            return model;
        }
        var wanted = string.IsNullOrEmpty(name) ? _options.DefaultModel : name;
        var loaded = _models.Count == 0 ? "none" : string.Join(", ", _models.Keys.Order(StringComparer.Ordinal));
        throw new KeyNotFoundException($"unknown model '{wanted}'; loaded models: {loaded}");
    }

    /// <summary>Releases every model's session.</summary>
    public void Dispose()
    {
        lock (_loadLock)
        {
            foreach (var model in _models.Values)
            {
                model.Dispose();
            }
            _models = new Dictionary<string, EncoderModel>();
            _ready = false;
        }
    }
}
