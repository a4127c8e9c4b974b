using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Recommender.Encoder.Runtime;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Models;

/// <summary>
/// Loads one model directory and checks that its three files agree: the manifest's inputs and output
/// exist in the model with the right types and ranks, the output dimension matches, the vocabulary
/// covers exactly the model's embedding table, and max_length runs. Ends with a warm-up run.
/// </summary>
public sealed class ModelLoader
{
    /// <summary>The ONNX model file inside a model directory.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The vocabulary file inside a model directory.</summary>
    public const string VocabularyFileName = "vocab.txt";

    private readonly EncoderRuntimeOptions _options;
    private readonly SessionFactory _sessions;
    private readonly ILogger _logger;

    /// <summary>Creates a loader with validated options.</summary>
    public ModelLoader(EncoderRuntimeOptions options, SessionFactory sessions, ILogger logger)
    {
        options.Validate();
        _options = options;
        _sessions = sessions;
        _logger = logger;
    }

    /// <summary>Loads the model in <paramref name="directory"/>, named after the directory.</summary>
    /// <exception cref="ModelLoadException">A file is missing, corrupt or does not match the others.</exception>
    public EncoderModel Load(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var manifest = ModelManifest.Load(Path.Combine(directory, ModelManifest.FileName));
        var tokenizer = CreateTokenizer(manifest, Path.Combine(directory, VocabularyFileName));

        var modelPath = Path.Combine(directory, ModelFileName);
        if (!File.Exists(modelPath))
        {
            throw new ModelLoadException(modelPath, "missing; every model directory needs encoder.json, model.onnx and vocab.txt");
        }
        InferenceSession session;
        string provider;
        try
        {
            (session, provider) = _sessions.Create(modelPath);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(modelPath, $"ONNX Runtime cannot load it: {e.Message}", e);
        }
        catch (CudaUnavailableException e)
        {
            throw new ModelLoadException(modelPath, $"provider cuda is configured but CUDA is unavailable: {e.Message}", e);
        }

        try
        {
            var dimension = CheckSignature(session, manifest, modelPath);
            var model = new EncoderModel(name, directory, manifest, tokenizer, session, provider, dimension, _options.MaxRetainedBufferBytes);
            CheckOutputDimension(model, manifest, modelPath);
            CheckVocabularyMatchesEmbeddings(model, provider, directory);
            if (_options.WarmUp)
            {
                WarmUp(model, directory);
            }
            _logger.LogInformation(
                "Model {Name} loaded from {Directory}: dimension {Dimension}, max length {MaxLength}, {Tokenizer} tokenizer, {Provider}",
                name, directory, dimension, model.Info.MaxLength, model.Info.Tokenizer, provider);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static ModelTokenizer CreateTokenizer(ModelManifest manifest, string vocabularyPath)
    {
        if (!File.Exists(vocabularyPath))
        {
            throw new ModelLoadException(vocabularyPath, "missing; every model directory needs encoder.json, model.onnx and vocab.txt");
        }
        try
        {
            return ModelTokenizer.Load(vocabularyPath, manifest.MaxLength!.Value, manifest.Lowercase,
                manifest.StripAccents ?? manifest.Lowercase, manifest.UnknownToken);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(vocabularyPath, e.Message, e);
        }
    }

    /// <summary>Checks inputs and output against the manifest and returns the vector dimension.</summary>
    private static int CheckSignature(InferenceSession session, ModelManifest manifest, string modelPath)
    {
        var expected = new List<string> { manifest.Inputs!.InputIds!, manifest.Inputs.AttentionMask! };
        if (manifest.Inputs.TokenTypeIds is { } types)
        {
            expected.Add(types);
        }
        foreach (var input in session.InputMetadata)
        {
            if (!expected.Contains(input.Key))
            {
                throw new ModelLoadException(modelPath,
                    $"has input '{input.Key}' that encoder.json \"inputs\" does not name (it names {string.Join(", ", expected)})");
            }
            if (input.Value.ElementDataType != TensorElementType.Int64 || input.Value.Dimensions.Length != 2)
            {
                throw new ModelLoadException(modelPath,
                    $"input '{input.Key}' is {Describe(input.Value)}; int64 [batch, sequence] is required");
            }
        }
        foreach (var name in expected.Where(name => !session.InputMetadata.ContainsKey(name)))
        {
            throw new ModelLoadException(modelPath,
                $"has no input '{name}' named in encoder.json (its inputs: {string.Join(", ", session.InputMetadata.Keys)})");
        }

        if (!session.OutputMetadata.TryGetValue(manifest.Output!, out var output))
        {
            throw new ModelLoadException(modelPath,
                $"has no output '{manifest.Output}' named in encoder.json (its outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
        }
        var rank = manifest.Pooling == PoolingMode.None ? 2 : 3;
        if (output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != rank)
        {
            var layout = rank == 2 ? "float [batch, dimension] for pooling \"none\"" : $"float [batch, sequence, dimension] for pooling \"{manifest.Pooling.ToString()!.ToLowerInvariant()}\"";
            throw new ModelLoadException(modelPath, $"output '{manifest.Output}' is {Describe(output)}; {layout} is required");
        }
        var modelDimension = output.Dimensions[^1];
        if (modelDimension > 0 && manifest.Dimension is { } declared && declared != modelDimension)
        {
            throw new ModelLoadException(modelPath,
                $"dimension mismatch: output '{manifest.Output}' has {modelDimension} values per vector, encoder.json \"dimension\" says {declared}");
        }
        if (modelDimension > 0)
        {
            return modelDimension;
        }
        return manifest.Dimension ?? throw new ModelLoadException(modelPath,
            $"output '{manifest.Output}' has a symbolic last dimension; set \"dimension\" in encoder.json");
    }

    /// <summary>A symbolic output dimension is checked by running the model once: encoder.json's "dimension" must be the real one.</summary>
    private static void CheckOutputDimension(EncoderModel model, ModelManifest manifest, string modelPath)
    {
        long actual;
        try
        {
            actual = model.ProbeOutputDimension();
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(modelPath, $"does not run on a two-token text: {e.Message}", e);
        }
        if (actual != model.Info.Dimension)
        {
            throw new ModelLoadException(modelPath,
                $"dimension mismatch: output '{manifest.Output}' has {actual} values per vector, encoder.json \"dimension\" says {model.Info.Dimension}");
        }
    }

    /// <summary>
    /// The highest vocabulary id must be accepted and, on CPU (where Gather checks its indices), the
    /// next id rejected: a vocabulary larger than the embedding table would fail on some texts, a
    /// smaller one means the vocabulary is not the one the model was trained with.
    /// </summary>
    private void CheckVocabularyMatchesEmbeddings(EncoderModel model, string provider, string directory)
    {
        var vocabularyPath = Path.Combine(directory, VocabularyFileName);
        var size = model.Info.VocabularySize;
        try
        {
            model.Run([[size - 1]]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(vocabularyPath,
                $"has {size} tokens but the model rejects token id {size - 1}; the vocabulary is larger than the model's embedding table ({e.Message})", e);
        }
        if (provider != SessionFactory.CpuProvider)
        {
            _logger.LogDebug("Model {Name}: embedding table size not checked on {Provider}", model.Name, provider);
            return;
        }
        using var quiet = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        try
        {
            model.RunUnchecked([[size]], quiet);
        }
        catch (OnnxRuntimeException)
        {
            return; // id `size` is out of range: the table has exactly `size` rows
        }
        throw new ModelLoadException(vocabularyPath,
            $"has {size} tokens but the model's embedding table has more rows (token id {size} is accepted); use the vocabulary the model was exported with");
    }

    private static void WarmUp(EncoderModel model, string directory)
    {
        var ids = new int[model.Info.MaxLength];
        Array.Fill(ids, model.Info.VocabularySize - 1);
        try
        {
            model.Run([ids]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(Path.Combine(directory, ModelManifest.FileName),
                $"\"max_length\" {ids.Length} does not run: {e.Message}", e);
        }
    }

    private static string Describe(NodeMetadata metadata) =>
        $"{metadata.ElementDataType} [{string.Join(", ", metadata.Dimensions.Select((d, i) => d > 0 ? d.ToString() : metadata.SymbolicDimensions[i] is { Length: > 0 } s ? s : "?"))}]";
}
