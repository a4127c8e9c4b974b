using System.Collections.Concurrent;

namespace Recommender.Encoder.Runtime;

/// <summary>
/// Input and output arrays for one inference, reused across runs so a steady load allocates only
/// the result vectors. ONNX Runtime reads and writes them directly (pinned for the run).
/// </summary>
internal sealed class RunBuffers
{
    public long[] InputIds = [];
    public long[] AttentionMask = [];
    public long[] TokenTypeIds = [];
    public float[] Output = [];

    public long Bytes => (InputIds.LongLength + AttentionMask.LongLength + TokenTypeIds.LongLength) * sizeof(long)
        + Output.LongLength * sizeof(float);

    /// <summary>Grows the arrays to hold <paramref name="tokens"/> input elements and <paramref name="outputs"/> output floats.</summary>
    public void EnsureCapacity(int tokens, long outputs, bool tokenTypes)
    {
        if (InputIds.Length < tokens)
        {
            InputIds = new long[tokens];
            AttentionMask = new long[tokens];
            TokenTypeIds = tokenTypes ? new long[tokens] : [];
        }
        if (Output.LongLength < outputs)
        {
            Output = new float[outputs];
        }
    }
}

/// <summary>A small pool of <see cref="RunBuffers"/>: one set per concurrent run, big sets not kept.</summary>
internal sealed class RunBufferPool(long maxRetainedBytes)
{
    private readonly ConcurrentBag<RunBuffers> _free = [];

    public RunBuffers Rent() => _free.TryTake(out var buffers) ? buffers : new RunBuffers();

    public void Return(RunBuffers buffers)
    {
        if (buffers.Bytes <= maxRetainedBytes)
        {
            _free.Add(buffers);
        }
    }
}
