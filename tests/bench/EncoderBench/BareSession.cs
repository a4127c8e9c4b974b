using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Bench;

/// <summary>
/// The baseline of the single-text comparison: a second session on the same model file with the
/// same options, fed one text as OrtValues over plain arrays, its output written into a
/// pre-allocated buffer. No batcher, no pooling, no buffer pool: <c>session.Run</c> and nothing else.
/// </summary>
internal sealed class BareSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _dimension;
    private readonly RunOptions _runOptions = new();

    public BareSession(string modelDirectory, EncoderRuntimeOptions options, int dimension)
    {
        (_session, _) = new SessionFactory(options, NullLogger.Instance).Create(Path.Combine(modelDirectory, ModelLoader.ModelFileName));
        _inputNames = [.. _session.InputMetadata.Keys];
        _outputNames = [_session.OutputMetadata.Keys.First()];
        _dimension = dimension;
    }

    public void Run(int[] ids)
    {
        long[] shape = [1, ids.Length];
        var tokens = new long[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            tokens[i] = ids[i];
        }

        var mask = new long[ids.Length];
        Array.Fill(mask, 1L);
        var types = new long[ids.Length];
        var output = new float[ids.Length * _dimension];
        var inputs = _inputNames.Select(name => name switch
        {
            "input_ids" => OrtValue.CreateTensorValueFromMemory(tokens, shape),
            "attention_mask" => OrtValue.CreateTensorValueFromMemory(mask, shape),
            _ => OrtValue.CreateTensorValueFromMemory(types, shape),
        }).ToArray();
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, ids.Length, _dimension]);
        try
        {
            _session.Run(_runOptions, _inputNames, inputs, _outputNames, [outputValue]);
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
