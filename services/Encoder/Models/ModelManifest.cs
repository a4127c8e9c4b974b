using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Encoder.Models;

/// <summary>
/// encoder.json: how to tokenize for a model and how to read its output. Example (a Hugging Face
/// Optimum export of all-MiniLM-L6-v2):
/// <code>
/// { "tokenizer": "wordpiece", "lowercase": true, "max_length": 256,
///   "inputs": { "input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids" },
///   "output": "last_hidden_state", "pooling": "mean", "normalize": true, "dimension": 384 }
/// </code>
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The file name inside a model directory.</summary>
    public const string FileName = "encoder.json";

    /// <summary>Longest max_length accepted (a sanity bound; models usually allow 512).</summary>
    public const int MaxLengthLimit = 8192;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>Free text shown in model listings.</summary>
    public string? Description { get; init; }

    /// <summary>wordpiece (the one kind so far). Required.</summary>
    public TokenizerKind? Tokenizer { get; init; }

    /// <summary>Lowercase text before lookup (uncased models). Default true.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Strip accents (NFD, combining marks dropped). Default: the value of <see cref="Lowercase"/>, as BERT does.</summary>
    public bool? StripAccents { get; init; }

    /// <summary>The vocabulary's unknown token. Default "[UNK]".</summary>
    public string UnknownToken { get; init; } = "[UNK]";

    /// <summary>Most tokens per text (special tokens included); longer texts are truncated. Required.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Input names. Required.</summary>
    public ModelInputNames? Inputs { get; init; }

    /// <summary>Name of the output to read. Required.</summary>
    public string? Output { get; init; }

    /// <summary>mean, cls or none. Required.</summary>
    public PoolingMode? Pooling { get; init; }

    /// <summary>Scale each vector to unit length after pooling. Default true.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>
    /// Text put before a query when the request says its texts are queries (models such as
    /// arctic-embed-xs are trained with one); documents get none. Default none.
    /// </summary>
    public string? QueryPrefix { get; init; }

    /// <summary>Expected vector dimension, checked against the model; needed when the model's output dimension is symbolic.</summary>
    public int? Dimension { get; init; }

    /// <summary>Reads and validates encoder.json.</summary>
    /// <exception cref="ModelLoadException">The file is missing, is not valid JSON, or a field is missing or out of range.</exception>
    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "missing; every model directory needs encoder.json, model.onnx and vocab.txt");
        }
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"not a valid manifest: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"cannot be read: {e.Message}", e);
        }
        if (manifest is null)
        {
            throw new ModelLoadException(path, "holds null instead of a JSON object");
        }
        manifest.Validate(path);
        return manifest;
    }

    private void Validate(string path)
    {
        void Fail(string problem) => throw new ModelLoadException(path, problem);

        if (Tokenizer is null)
        {
            Fail("\"tokenizer\" is required: \"wordpiece\"");
        }
        const int minimum = 3; // [CLS], one token, [SEP]
        if (MaxLength is not { } maxLength)
        {
            Fail("\"max_length\" is required");
        }
        else if (maxLength < minimum || maxLength > MaxLengthLimit)
        {
            Fail($"\"max_length\" must be between {minimum} and {MaxLengthLimit}, got {maxLength}");
        }
        if (string.IsNullOrWhiteSpace(UnknownToken))
        {
            Fail("\"unknown_token\" must not be empty");
        }
        if (Inputs is null)
        {
            Fail("\"inputs\" is required, with \"input_ids\" and \"attention_mask\"");
        }
        if (string.IsNullOrWhiteSpace(Inputs!.InputIds))
        {
            Fail("\"inputs.input_ids\" is required");
        }
        if (string.IsNullOrWhiteSpace(Inputs.AttentionMask))
        {
            Fail("\"inputs.attention_mask\" is required");
        }
        if (Inputs.TokenTypeIds is { } types && string.IsNullOrWhiteSpace(types))
        {
            Fail("\"inputs.token_type_ids\" must be a name or absent");
        }
        if (string.IsNullOrWhiteSpace(Output))
        {
            Fail("\"output\" is required");
        }
        if (Pooling is null)
        {
            Fail("\"pooling\" is required: \"mean\", \"cls\" or \"none\"");
        }
        if (Dimension is { } dimension && dimension < 1)
        {
            Fail($"\"dimension\" must be at least 1, got {dimension}");
        }
    }
}
