using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Tests.Batching;

/// <summary>
/// Deterministic inference for tests: the vector of a sequence is computed from its ids
/// (<see cref="Embed"/>), every batch is recorded, and a gate can hold runs until the test opens it.
/// </summary>
internal sealed class RecordingInference : IBatchInference
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(30);

    private readonly object _lock = new();
    private readonly List<int[][]> _batches = [];
    private readonly ManualResetEventSlim _gate;
    private int _running;

    public RecordingInference(bool blocked = false) => _gate = new ManualResetEventSlim(initialState: !blocked);

    /// <summary>Released once each time a run starts (before it waits at the gate).</summary>
    public SemaphoreSlim Started { get; } = new(0);

    /// <summary>When set and true for a batch, the run throws.</summary>
    public Func<IReadOnlyList<int[]>, bool>? FailWhen { get; set; }

    /// <summary>When set, replaces the output (to test bad inference output).</summary>
    public Func<IReadOnlyList<int[]>, float[][]>? OverrideOutput { get; set; }

    public int MaxConcurrentRuns { get; private set; }

    public bool RanOnThreadPoolThread { get; private set; }

    public List<string?> ThreadNames { get; } = [];

    public IReadOnlyList<int[][]> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public void Open() => _gate.Set();

    public void Close() => _gate.Reset();

    /// <summary>Waits until <paramref name="runs"/> more runs have started.</summary>
    public async Task WaitForStartsAsync(int runs = 1)
    {
        for (var i = 0; i < runs; i++)
        {
            Assert.True(await Started.WaitAsync(GateTimeout), "inference run did not start in time");
        }
    }

    public float[][] Run(IReadOnlyList<int[]> sequences)
    {
        lock (_lock)
        {
            _batches.Add([.. sequences.Select(s => s.ToArray())]);
            _running++;
            MaxConcurrentRuns = Math.Max(MaxConcurrentRuns, _running);
            RanOnThreadPoolThread |= Thread.CurrentThread.IsThreadPoolThread;
            ThreadNames.Add(Thread.CurrentThread.Name);
        }

        try
        {
            Started.Release();
            if (!_gate.Wait(GateTimeout))
            {
                throw new TimeoutException("The test never opened the inference gate.");
            }

            if (FailWhen?.Invoke(sequences) == true)
            {
                throw new InvalidOperationException("poisoned batch");
            }

            return OverrideOutput?.Invoke(sequences) ?? [.. sequences.Select(Embed)];
        }
        finally
        {
            lock (_lock)
            {
                _running--;
            }
        }
    }

    /// <summary>The vector this inference returns for <paramref name="ids"/>.</summary>
    public static float[] Embed(int[] ids) => [ids.Length, ids.Sum(), ids[0], ids[^1]];
}
