using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Caching;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;
using Recommender.Hosting.Health;

namespace Recommender.Encoder.Service;

/// <summary>
/// The models the RPCs serve, each with its batcher and pipeline. Declares the readiness condition
/// <see cref="ReadinessCondition"/> (not ready) when created; <see cref="LoadAsync"/> loads and warms
/// up every model, wires them, and reports ready once the default model serves (models that failed
/// to load are named in the condition's detail, in the log and in a metric); <see cref="StopAsync"/>
/// drains the batchers.
/// </summary>
public sealed class ServedModels : IDisposable
{
    /// <summary>The readiness condition (shown on /readyz).</summary>
    public const string ReadinessCondition = "encoder models";

    /// <summary>The text every batcher embeds once before the service reports ready.</summary>
    private const string WarmUpText = "warm up the batcher";

    private readonly ModelRegistry _registry;
    private readonly EncoderRuntimeOptions _runtime;
    private readonly BatcherOptions _batcherOptions;
    private readonly EmbeddingCache _cache;
    private readonly ServiceReadiness _readiness;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Meter _meter = new(EncoderMeter.Name);
    private volatile IReadOnlyDictionary<string, ServedModel>? _models;
    private volatile string? _loadFailure;

    /// <summary>Creates the (still empty) set and declares the service not ready.</summary>
    public ServedModels(ModelRegistry registry, EncoderRuntimeOptions runtime, BatcherOptions batcherOptions, EmbeddingCache cache,
        ServiceReadiness readiness, ILoggerFactory loggers)
    {
        _registry = registry;
        _runtime = runtime;
        _batcherOptions = batcherOptions;
        _cache = cache;
        _readiness = readiness;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ServedModels>();
        _readiness.Set(ReadinessCondition, ready: false, $"loading models from {_runtime.ModelsRoot}");
        _meter.CreateObservableGauge("encoder.models.loaded", () => _models?.Count ?? 0, "{model}", "Models being served.");
        _meter.CreateObservableGauge("encoder.models.failed", () => _registry.Errors.Count, "{model}",
            "Model directories that failed to load at start (see the log and /readyz).");
    }

    /// <summary>The served models in name order; empty until loaded.</summary>
    public IReadOnlyList<ServedModel> All => _models is { } models ? [.. models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)] : [];

    /// <summary>Model directories that failed to load, and why.</summary>
    public IReadOnlyList<ModelLoadError> Errors => _registry.Errors;

    /// <summary>
    /// Loads every model under the models root (with warm-up), starts a batcher per model, runs one
    /// text through each, and reports readiness. Call once, off the request path.
    /// </summary>
    public async Task LoadAsync()
    {
        var served = new Dictionary<string, ServedModel>(StringComparer.Ordinal);
        try
        {
            _logger.LogInformation("Loading models from {ModelsRoot} ({Provider}, {IntraOp} intra-op threads, batcher: {Workers} workers, budget {Budget} tokens, batching {Batching})",
                _runtime.ModelsRoot, _runtime.Provider, _runtime.IntraOpThreads, _batcherOptions.WorkerCount, _batcherOptions.MaxBatchTokens,
                _batcherOptions.Enabled ? "on" : "off");
            _registry.LoadAll();
            foreach (var model in _registry.Models)
            {
                var batcher = new DynamicBatcher(model.Name, model, _batcherOptions, _loggers.CreateLogger<DynamicBatcher>());
                served[model.Name] = new ServedModel(model, batcher, _cache, isDefault: model.Name == _registry.DefaultModelName);
                await batcher.SubmitAsync([model.Tokenizer.Tokenize(WarmUpText).Ids], DateTime.MaxValue).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _loadFailure = $"{e.GetType().Name}: {e.Message}";
            _logger.LogError(e, "Loading the models from {ModelsRoot} failed", _runtime.ModelsRoot);
        }

        _models = served;
        var ready = _loadFailure is null && _registry.IsReady;
        _readiness.Set(ReadinessCondition, ready, Describe(served));
        _logger.Log(ready ? LogLevel.Information : LogLevel.Error, "Encoder {State}: {Detail}",
            ready ? "ready" : "NOT ready", Describe(served));
    }

    /// <summary>
    /// The model a request names (empty: the default model).
    /// </summary>
    /// <exception cref="RpcException">
    /// INVALID_ARGUMENT for a model that is not served (the message lists those that are);
    /// UNAVAILABLE while the models are loading, or when the default model failed to load.
    /// </exception>
    public ServedModel Resolve(string? name)
    {
        var models = _models ?? throw new RpcException(new Status(StatusCode.Unavailable,
            $"The encoder is still loading its models from {_runtime.ModelsRoot}; retry shortly."));
        if (string.IsNullOrEmpty(name))
        {
            return models.TryGetValue(_registry.DefaultModelName, out var fallback)
                ? fallback
                : throw new RpcException(new Status(StatusCode.Unavailable,
                    $"The default model '{_registry.DefaultModelName}' is not loaded ({DefaultModelProblem()}); name one of the served models " +
                    $"in the field model: {Names(models)}."));
        }

        return models.TryGetValue(name, out var model)
            ? model
            : throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"model: unknown model '{Truncate(name)}'; this encoder serves {Names(models)} (empty means the default, {_registry.DefaultModelName})."));
    }

    /// <summary>
    /// Stops every batcher from admitting requests and waits until queued texts have run. When
    /// <paramref name="drainCancellation"/> fires (the host's shutdown timeout), texts still queued
    /// fail with UNAVAILABLE; running batches always finish.
    /// </summary>
    public async Task StopAsync(CancellationToken drainCancellation)
    {
        var models = _models ?? new Dictionary<string, ServedModel>();
        _readiness.Set(ReadinessCondition, ready: false, "stopping");
        var queued = models.Values.Sum(m => m.Batcher.QueuedItems);
        _logger.LogInformation("Draining the encoder batchers ({Queued} texts queued)", queued);
        await Task.WhenAll(models.Values.Select(m => m.Batcher.StopAsync(drainCancellation))).ConfigureAwait(false);
    }

    /// <summary>Releases the metrics.</summary>
    public void Dispose() => _meter.Dispose();

    private string Describe(Dictionary<string, ServedModel> served)
    {
        var parts = new List<string>
        {
            served.Count == 0
                ? "serving no model"
                : "serving " + string.Join(", ", served.Values.OrderBy(m => m.Name, StringComparer.Ordinal)
                    .Select(m => $"{m.Name} ({m.Model.Info.Dimension}-d{(m.IsDefault ? ", default" : "")})")),
        };
        if (!served.ContainsKey(_registry.DefaultModelName))
        {
            parts.Add($"default model '{_registry.DefaultModelName}' not loaded");
        }

        if (_registry.Errors.Count > 0)
        {
            parts.Add("failed: " + string.Join("; ", _registry.Errors));
        }

        if (_loadFailure is not null)
        {
            parts.Add("loading failed: " + _loadFailure);
        }

        return string.Join("; ", parts) + $" (models root {_runtime.ModelsRoot})";
    }

    private string DefaultModelProblem() =>
        _registry.Errors.FirstOrDefault(e => e.Name == _registry.DefaultModelName)?.ToString()
        ?? _loadFailure
        ?? $"no directory {_registry.DefaultModelName} under {_runtime.ModelsRoot}";

    private static string Names(IReadOnlyDictionary<string, ServedModel> models) =>
        models.Count == 0 ? "no model" : string.Join(", ", models.Keys.Order(StringComparer.Ordinal));

    /// <summary>Keeps a client's string short in a status message.</summary>
    internal static string Truncate(string value, int max = 100) => value.Length <= max ? value : value[..max] + "...";
}
