using System.Diagnostics;

namespace Recommender.Encoder.Batching;

/// <summary>
/// One submitted request: its sequences, the vectors filled in as batches finish, and the task its
/// caller awaits. Completes exactly once: with all vectors, or with the first failure.
/// </summary>
internal sealed class PendingRequest
{
    // Timer due times above this are not representable; such deadlines are enforced at batch formation only.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly TaskCompletionSource<float[][]> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly float[][] _vectors;
    private int _remaining;
    private int _finished;
    private CancellationTokenRegistration _cancellationRegistration;
    private ITimer? _deadlineTimer;

    public PendingRequest(IReadOnlyList<int[]> sequences, DateTime deadlineUtc, long deadlineTimestamp, long now)
    {
        DeadlineUtc = deadlineUtc;
        DeadlineTimestamp = deadlineTimestamp;
        _vectors = new float[sequences.Count][];
        _remaining = sequences.Count;
        Items = new QueuedItem[sequences.Count];
        for (var i = 0; i < Items.Length; i++)
        {
            Items[i] = new QueuedItem(this, i, sequences[i], now);
            Tokens += sequences[i].Length;
        }
    }

    public QueuedItem[] Items { get; }

    public long Tokens { get; }

    public DateTime DeadlineUtc { get; }

    /// <summary><see cref="Stopwatch"/> timestamp of the deadline; <see cref="long.MaxValue"/> when none.</summary>
    public long DeadlineTimestamp { get; }

    public Task<float[][]> Task => _completion.Task;

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>
    /// Calls <paramref name="onCancelled"/> when the caller cancels and <paramref name="onDeadline"/>
    /// when the deadline passes, so the caller hears at once, not after the batch.
    /// </summary>
    public void Arm(CancellationToken cancellationToken, TimeSpan untilDeadline,
        Action<PendingRequest, CancellationToken> onCancelled, Action<PendingRequest> onDeadline)
    {
        if (untilDeadline <= LongestTimer)
        {
            var timer = TimeProvider.System.CreateTimer(
                static state => ((Action)state!)(), (Action)(() => onDeadline(this)),
                untilDeadline, Timeout.InfiniteTimeSpan);
            Volatile.Write(ref _deadlineTimer, timer);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellationRegistration = cancellationToken.Register(
                static (state, token) =>
                {
                    var (request, callback) = ((PendingRequest, Action<PendingRequest, CancellationToken>))state!;
                    callback(request, token);
                },
                (this, onCancelled));
        }

        // The request may have finished before the timer or registration existed.
        if (IsFinished)
        {
            ReleaseResources();
        }
    }

    /// <summary>Stores the vector of sequence <paramref name="index"/>; completes the request with the last one.</summary>
    public void SetVector(int index, float[] vector)
    {
        if (IsFinished)
        {
            return;
        }

        _vectors[index] = vector;
        if (Interlocked.Decrement(ref _remaining) == 0 && TryFinish())
        {
            _completion.SetResult(_vectors);
        }
    }

    public bool TryFail(Exception exception)
    {
        if (!TryFinish())
        {
            return false;
        }

        _completion.SetException(exception);
        return true;
    }

    public bool TryCancel(CancellationToken cancellationToken)
    {
        if (!TryFinish())
        {
            return false;
        }

        _completion.SetCanceled(cancellationToken);
        return true;
    }

    private bool TryFinish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return false;
        }

        ReleaseResources();
        return true;
    }

    private void ReleaseResources()
    {
        Interlocked.Exchange(ref _deadlineTimer, null)?.Dispose();
        // Unregister does not wait for a running callback, so it is safe from inside one.
        _cancellationRegistration.Unregister();
    }
}
