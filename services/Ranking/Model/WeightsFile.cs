using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Model;

/// <summary>
/// Reads and writes a <see cref="RankingModel"/> as JSON:
/// <code>
/// {
///   "format": "recommender.ranking.weights", "formatVersion": 1,
///   "version": "softmax-1a2b3c4d5e6f", "objective": "softmax",   // or logistic, pairwise, manual
///   "bias": 0,
///   "features": [ { "name": "interest_similarity", "weight": 0.61, "mean": 0.42, "stdDev": 0.11, "missingWeight": -0.2 }, ... ],
///   "training": { "lists": 500, "candidates": 150000, "l2": 0.001, "iterations": 9, "loss": 3.2, "converged": true,   // optional
///                 "trainedAt": "2026-12-07T19:00:00+00:00", "heldOut": { "metric": "ndcg@10", "value": 0.31, "replacedValue": 0.27, "lists": 40 } }   // both optional
/// }
/// </code>
/// Unknown properties, unknown or repeated feature names, non-finite numbers and stdDev of 0 or less are errors.
/// </summary>
public static class WeightsFile
{
    /// <summary>The value of "format".</summary>
    public const string Format = "recommender.ranking.weights";

    /// <summary>The supported "formatVersion".</summary>
    public const int FormatVersion = 1;

    private const string ManualObjective = "manual";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Loads a model from a file.</summary>
    /// <exception cref="WeightsFileException">The file cannot be read or is invalid; the message names the file and the problem.</exception>
    public static RankingModel Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WeightsFileException(path, $"cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses a model from JSON text.</summary>
    /// <param name="source">Named in error messages.</param>
    /// <exception cref="WeightsFileException">The text is not a valid weights file.</exception>
    public static RankingModel Parse(string json, string source = "<text>")
    {
        FileDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<FileDto>(json, JsonOptions) ?? throw new WeightsFileException(source, "is empty (null)");
        }
        catch (JsonException e)
        {
            throw new WeightsFileException(source, $"is not valid JSON for a weights file: {e.Message}", e);
        }
        if (dto.Format != Format)
        {
            throw new WeightsFileException(source, $"\"format\" must be \"{Format}\", got {Quote(dto.Format)}");
        }
        if (dto.FormatVersion != FormatVersion)
        {
            throw new WeightsFileException(source, $"\"formatVersion\" {dto.FormatVersion?.ToString() ?? "(missing)"} is not supported (this build reads {FormatVersion})");
        }
        if (string.IsNullOrWhiteSpace(dto.Version))
        {
            throw new WeightsFileException(source, "\"version\" must be a non-empty string");
        }
        var objective = ParseObjective(dto.Objective, source);
        if (dto.Bias is not { } bias)
        {
            throw new WeightsFileException(source, "\"bias\" is missing");
        }
        if (dto.Features is not { Count: > 0 } features)
        {
            throw new WeightsFileException(source, "\"features\" must list at least one feature");
        }
        var weights = new List<FeatureWeight>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            weights.Add(ParseFeature(features[i], $"features[{i}]", source));
        }
        var training = dto.Training is { } t
            ? new TrainingSummary(t.Lists, t.Candidates, t.L2, t.Iterations, t.Loss, t.Converged, t.TrainedAt,
                t.HeldOut is { } h ? ParseHeldOut(h, source) : null)
            : null;
        try
        {
            return new RankingModel(dto.Version, objective, bias, weights, training);
        }
        catch (ArgumentException e)
        {
            throw new WeightsFileException(source, e.Message, e);
        }
    }

    /// <summary>The JSON text of a model (deterministic for equal models).</summary>
    public static string Serialize(RankingModel model)
    {
        var dto = new FileDto
        {
            Format = Format,
            FormatVersion = FormatVersion,
            Version = model.Version,
            Objective = model.Objective is { } o ? ObjectiveName(o) : ManualObjective,
            Bias = model.Bias,
            Features = model.Weights.Select(w => (FeatureDto?)new FeatureDto
            {
                Name = RankingFeatures.Name(w.Feature),
                Weight = w.Weight,
                Mean = w.Mean,
                StdDev = w.StdDev,
                MissingWeight = w.MissingWeight,
            }).ToList(),
            Training = model.Training is { } t
                ? new TrainingDto
                {
                    Lists = t.Lists, Candidates = t.Candidates, L2 = t.L2, Iterations = t.Iterations, Loss = t.Loss, Converged = t.Converged, TrainedAt = t.TrainedAt,
                    HeldOut = t.HeldOut is { } h ? new HeldOutDto { Metric = h.Metric, Value = h.Value, ReplacedValue = h.ReplacedValue, Lists = h.Lists } : null,
                }
                : null,
        };
        return JsonSerializer.Serialize(dto, JsonOptions) + "\n";
    }

    /// <summary>Writes a model to a file atomically (a temporary file renamed over the target), creating its folder.</summary>
    public static void Save(RankingModel model, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, Serialize(model));
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The name of an objective in the file.</summary>
    public static string ObjectiveName(TrainingObjective objective) => objective.ToString().ToLowerInvariant();

    private static TrainingObjective? ParseObjective(string? name, string source)
    {
        if (name == ManualObjective)
        {
            return null;
        }
        foreach (var objective in Enum.GetValues<TrainingObjective>())
        {
            if (ObjectiveName(objective) == name)
            {
                return objective;
            }
        }
        throw new WeightsFileException(source, $"\"objective\" must be logistic, pairwise, softmax or {ManualObjective}, got {Quote(name)}");
    }

    private static FeatureWeight ParseFeature(FeatureDto? dto, string field, string source)
    {
        if (dto is null)
        {
            throw new WeightsFileException(source, $"{field} is null");
        }
        if (dto.Name is null || !RankingFeatures.TryParse(dto.Name, out var feature))
        {
            var known = string.Join(", ", RankingFeatures.All.Select(RankingFeatures.Name));
            throw new WeightsFileException(source, $"{field}.name {Quote(dto.Name)} is not a feature (known: {known})");
        }
        if (dto.Weight is not { } weight || dto.Mean is not { } mean || dto.StdDev is not { } stdDev)
        {
            throw new WeightsFileException(source, $"{field} ({dto.Name}) needs weight, mean and stdDev");
        }
        return new FeatureWeight(feature, weight, mean, stdDev, dto.MissingWeight ?? 0);
    }

    private static HeldOutEvaluation ParseHeldOut(HeldOutDto dto, string source)
    {
        if (string.IsNullOrWhiteSpace(dto.Metric) || dto.Value is not { } value || dto.ReplacedValue is not { } replaced || !double.IsFinite(value) || !double.IsFinite(replaced))
        {
            throw new WeightsFileException(source, "training.heldOut needs a metric name and finite value and replacedValue");
        }
        return new HeldOutEvaluation(dto.Metric, value, replaced, dto.Lists);
    }

    private static string Quote(string? value) => value is null ? "(missing)" : $"\"{value}\"";

    private sealed class FileDto
    {
        public string? Format { get; set; }
        public int? FormatVersion { get; set; }
        public string? Version { get; set; }
        public string? Objective { get; set; }
        public double? Bias { get; set; }
        public List<FeatureDto?>? Features { get; set; }
        public TrainingDto? Training { get; set; }
    }

    private sealed class FeatureDto
    {
        public string? Name { get; set; }
        public double? Weight { get; set; }
        public double? Mean { get; set; }
        public double? StdDev { get; set; }
        public double? MissingWeight { get; set; }
    }

    private sealed class TrainingDto
    {
        public int Lists { get; set; }
        public int Candidates { get; set; }
        public double L2 { get; set; }
        public int Iterations { get; set; }
        public double Loss { get; set; }
        public bool Converged { get; set; }
        public DateTimeOffset? TrainedAt { get; set; }
        public HeldOutDto? HeldOut { get; set; }
    }

    private sealed class HeldOutDto
    {
        public string? Metric { get; set; }
        public double? Value { get; set; }
        public double? ReplacedValue { get; set; }
        public int Lists { get; set; }
    }
}
