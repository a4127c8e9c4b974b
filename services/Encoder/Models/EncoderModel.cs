using Microsoft.ML.OnnxRuntime;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Runtime;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Models;

/// <summary>
/// One loaded model: its tokenizer and its ONNX Runtime session. <see cref="Run"/> is the inference
/// entry point of the batcher (<see cref="IBatchInference"/>) and is safe to call from several threads at once.
/// </summary>
public sealed class EncoderModel : IBatchInference, IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelManifest _manifest;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _hasTokenTypes;
    private readonly long _padId;
    private readonly RunBufferPool _buffers;

    internal EncoderModel(string name, string directory, ModelManifest manifest, ModelTokenizer tokenizer,
        InferenceSession session, string provider, int dimension, long maxRetainedBufferBytes)
    {
        _session = session;
        _manifest = manifest;
        Directory = directory;
        Tokenizer = tokenizer;
        _hasTokenTypes = manifest.Inputs!.TokenTypeIds is not null;
        _inputNames = _hasTokenTypes
            ? [manifest.Inputs.InputIds!, manifest.Inputs.AttentionMask!, manifest.Inputs.TokenTypeIds!]
            : [manifest.Inputs.InputIds!, manifest.Inputs.AttentionMask!];
        _outputNames = [manifest.Output!];
        _padId = tokenizer.PaddingId;
        _buffers = new RunBufferPool(maxRetainedBufferBytes);
        Info = new ModelInfo(name, dimension, tokenizer.MaxLength, provider, manifest.Tokenizer!.Value,
            manifest.Pooling!.Value, manifest.Normalize, tokenizer.VocabularySize, manifest.QueryPrefix ?? "", manifest.Description ?? "");
    }

    /// <summary>Name, dimension, limits and provider of this model.</summary>
    public ModelInfo Info { get; }

    /// <summary>The model's name.</summary>
    public string Name => Info.Name;

    /// <summary>The tokenizer whose ids <see cref="Run"/> expects.</summary>
    public ModelTokenizer Tokenizer { get; }

    /// <summary>The directory the model was loaded from.</summary>
    public string Directory { get; }

    /// <summary>
    /// Embeds a batch of token-id sequences (from <see cref="Tokenizer"/>): pads them to the longest
    /// one, masks the padding, runs the model, pools and normalises as encoder.json says, and returns
    /// one vector per sequence, in order. A sequence's vector does not depend on what it is batched with.
    /// </summary>
    /// <exception cref="ArgumentException">A sequence is longer than the model's maximum length or holds an id outside the vocabulary.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    public float[][] Run(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        for (var i = 0; i < sequences.Count; i++)
        {
            Validate(sequences[i], i);
        }
        return RunUnchecked(sequences);
    }

    /// <summary>
    /// <see cref="Run"/> without the id range check, for the loader's probe of the embedding table
    /// (with run options that keep ONNX Runtime from logging the expected failure).
    /// </summary>
    internal float[][] RunUnchecked(IReadOnlyList<int[]> sequences, RunOptions? runOptions = null)
    {
        var batch = sequences.Count;
        if (batch == 0)
        {
            return [];
        }
        var length = 1; // a text with no tokens still gets one (masked) position
        for (var i = 0; i < batch; i++)
        {
            length = Math.Max(length, sequences[i].Length);
        }

        var dimension = Info.Dimension;
        var pooled = _manifest.Pooling == PoolingMode.None;
        var outputLength = pooled ? (long)batch * dimension : (long)batch * length * dimension;
        if (outputLength > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{batch} sequences of up to {length} tokens need {outputLength} output values, more than one array holds; split the batch", "sequences");
        }
        var buffers = _buffers.Rent();
        try
        {
            buffers.EnsureCapacity(batch * length, outputLength, _hasTokenTypes);
            Fill(buffers, sequences, length);
            Execute(buffers, batch, length, outputLength, pooled, runOptions);

            var vectors = new float[batch][];
            var output = buffers.Output.AsSpan(0, (int)outputLength);
            for (var i = 0; i < batch; i++)
            {
                var rows = pooled ? output.Slice(i * dimension, dimension) : output.Slice(i * length * dimension, length * dimension);
                vectors[i] = Pooling.Pool(rows, sequences[i].Length, dimension, _manifest.Pooling!.Value, _manifest.Normalize);
            }
            return vectors;
        }
        finally
        {
            _buffers.Return(buffers);
        }
    }

    private void Validate(int[]? sequence, int index)
    {
        if (sequence is null)
        {
            throw new ArgumentException($"sequence {index} is null", "sequences");
        }
        if (sequence.Length > Info.MaxLength)
        {
            throw new ArgumentException(
                $"sequence {index} has {sequence.Length} tokens; model '{Name}' accepts at most {Info.MaxLength} (max_length)", "sequences");
        }
        var vocabularySize = Info.VocabularySize;
        foreach (var id in sequence)
        {
            if ((uint)id >= (uint)vocabularySize)
            {
                throw new ArgumentException(
                    $"sequence {index} holds token id {id}; model '{Name}' has ids 0 to {vocabularySize - 1}", "sequences");
            }
        }
    }

    private void Fill(RunBuffers buffers, IReadOnlyList<int[]> sequences, int length)
    {
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i];
            var ids = buffers.InputIds.AsSpan(i * length, length);
            var mask = buffers.AttentionMask.AsSpan(i * length, length);
            for (var t = 0; t < sequence.Length; t++)
            {
                ids[t] = sequence[t];
            }
            ids[sequence.Length..].Fill(_padId);
            mask[..sequence.Length].Fill(1);
            mask[sequence.Length..].Clear();
        }
        if (_hasTokenTypes)
        {
            buffers.TokenTypeIds.AsSpan(0, sequences.Count * length).Clear();
        }
    }

    private void Execute(RunBuffers buffers, int batch, int length, long outputLength, bool pooled, RunOptions? runOptions)
    {
        long[] inputShape = [batch, length];
        long[] outputShape = pooled ? [batch, Info.Dimension] : [batch, length, Info.Dimension];
        var tokens = batch * length;
        var memory = OrtMemoryInfo.DefaultInstance;
        using var ids = OrtValue.CreateTensorValueFromMemory(memory, buffers.InputIds.AsMemory(0, tokens), inputShape);
        using var mask = OrtValue.CreateTensorValueFromMemory(memory, buffers.AttentionMask.AsMemory(0, tokens), inputShape);
        using var types = _hasTokenTypes
            ? OrtValue.CreateTensorValueFromMemory(memory, buffers.TokenTypeIds.AsMemory(0, tokens), inputShape)
            : null;
        using var output = OrtValue.CreateTensorValueFromMemory(memory, buffers.Output.AsMemory(0, (int)outputLength), outputShape);
        OrtValue[] inputs = types is null ? [ids, mask] : [ids, mask, types];
        _session.Run(runOptions, _inputNames, inputs, _outputNames, [output]);
    }

    /// <summary>
    /// Runs one two-token text with an output ONNX Runtime allocates and returns the output's last
    /// dimension: the real vector width of a model whose graph leaves it symbolic.
    /// </summary>
    internal long ProbeOutputDimension()
    {
        long[] shape = [1, 2];
        var memory = OrtMemoryInfo.DefaultInstance;
        var inputs = _inputNames.Select(_ => OrtValue.CreateTensorValueFromMemory(memory, new long[] { _padId, _padId }.AsMemory(), shape)).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames);
            return outputs[0].GetTensorTypeAndShape().Shape[^1];
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Dispose();
            }
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();
}
