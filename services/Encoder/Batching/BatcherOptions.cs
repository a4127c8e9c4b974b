namespace Recommender.Encoder.Batching;

/// <summary>
/// Knobs of the dynamic batcher (one batcher per model). Bound from configuration section
/// <see cref="SectionName"/>; <see cref="Validate"/> rejects values outside the documented limits.
/// </summary>
/// <remarks>
/// Admission control. Under overload a queue bounded only in requests lets the wait of admitted
/// work grow with the length of the texts queued ahead, which is unbounded in practice (a
/// 512-token text costs ~60x an 8-token one). So the queue is bounded in tokens
/// (<see cref="MaxQueuedTokens"/>): compute is roughly proportional to tokens, a full queue drains
/// in about <c>MaxQueuedTokens / (MaxBatchTokens x WorkerCount)</c> full-batch times, and an admitted
/// request waits at most that plus its own batch, on any machine and model, because the bound scales
/// with the batch. At twice the saturating load the queue stays full, admitted requests see that
/// bounded wait, and the excess is rejected at once. Batches form near the head of the queue (see
/// <see cref="BatchSelector"/>), so grouping by length cannot stretch that wait much. The
/// defaults (small batches, one and a half per worker queued) keep the overload wait within about
/// twice the p99 at 80% load while 80% load is not rejected. A token bound is a time bound only at a
/// given speed, so <see cref="RejectUnreachableDeadlines"/> also rejects at once a request whose
/// deadline is shorter than the measured time to run the work ahead of it and itself, instead of
/// letting it time out in the queue. <see cref="MaxQueuedItems"/> is the hard bound on entries for requests of
/// many very short texts.
/// </remarks>
public sealed class BatcherOptions
{
    /// <summary>Configuration section the host binds these options from.</summary>
    public const string SectionName = "Encoder:Batching";

    /// <summary>Upper limit accepted for <see cref="MaxBatchSize"/>.</summary>
    public const int MaxBatchSizeLimit = 4096;

    /// <summary>Upper limit accepted for <see cref="MaxBatchTokens"/>.</summary>
    public const int MaxBatchTokensLimit = 1 << 20;

    /// <summary>Upper limit accepted for <see cref="MaxQueueDelay"/>.</summary>
    public static readonly TimeSpan MaxQueueDelayLimit = TimeSpan.FromSeconds(1);

    /// <summary>Upper limit accepted for <see cref="MaxPaddingRatio"/>.</summary>
    public const double MaxPaddingRatioLimit = 0.9;

    /// <summary>Upper limit accepted for <see cref="WorkerCount"/>.</summary>
    public const int WorkerCountLimit = 64;

    /// <summary>
    /// When false, every request runs alone: a batch never mixes sequences of different requests and
    /// no request waits for company. Queueing, limits, cancellation and metrics are unchanged, so
    /// benchmarks compare batching off and on through the same code. Default true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most sequences in one batch (1 to 4096). Default 64.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Token budget of one batch: batch size x padded length, what inference really computes
    /// (1 to 1,048,576). A single sequence longer than the budget still runs, alone. Default 256:
    /// on a CPU, ONNX Runtime's MatMul efficiency stops growing at one to two hundred rows, so
    /// bigger batches add latency (and overload latency) but no throughput; on a GPU raise it
    /// (8192 or more, with <see cref="MaxQueuedTokens"/> to match).
    /// </summary>
    public int MaxBatchTokens { get; set; } = 256;

    /// <summary>
    /// Longest an under-filled batch waits for company, measured from the arrival of its oldest
    /// sequence (0 to 1 s; 0 never waits). The batcher waits only while requests are arriving
    /// faster than batches complete; a lone request on an idle batcher never waits. Default 2 ms.
    /// </summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Most padding a batch may compute, as a fraction of its computed tokens (0 to 0.9): a
    /// sequence joins a batch only when its length is at least (1 - ratio) x the batch's padded
    /// length, so sequences of similar length are grouped. Default 0.2.
    /// </summary>
    public double MaxPaddingRatio { get; set; } = 0.2;

    /// <summary>Hard bound on queued sequences (at least 1). Default 4096.</summary>
    public int MaxQueuedItems { get; set; } = 4096;

    /// <summary>
    /// Bound on queued tokens (at least 1), which bounds the wait of admitted work (see the
    /// remarks); set it to about 1.5 x MaxBatchTokens x WorkerCount. A request larger than the
    /// bound on its own is admitted only into an empty queue, so every request the RPC limits allow
    /// can run. Default 768 (one and a half full batches per worker with the defaults).
    /// </summary>
    public int MaxQueuedTokens { get; set; } = 768;

    /// <summary>
    /// When true, a request is rejected at once when the running batches, the work queued ahead of
    /// it and its own tokens would take longer, at the throughput measured on recent batches, than
    /// the time left before its deadline. An empty queue admits any request. Default true.
    /// </summary>
    public bool RejectUnreachableDeadlines { get; set; } = true;

    /// <summary>
    /// Batches that run at once, each on its own dedicated thread (1 to 64). On a CPU, worker count
    /// x ONNX Runtime intra-op threads should be about the core count. Default 2.
    /// </summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option outside its limits.</summary>
    public void Validate()
    {
        Require(MaxBatchSize is >= 1 and <= MaxBatchSizeLimit, nameof(MaxBatchSize),
            $"between 1 and {MaxBatchSizeLimit}", MaxBatchSize);
        Require(MaxBatchTokens is >= 1 and <= MaxBatchTokensLimit, nameof(MaxBatchTokens),
            $"between 1 and {MaxBatchTokensLimit}", MaxBatchTokens);
        Require(MaxQueueDelay >= TimeSpan.Zero && MaxQueueDelay <= MaxQueueDelayLimit, nameof(MaxQueueDelay),
            $"between 0 and {MaxQueueDelayLimit}", MaxQueueDelay);
        Require(MaxPaddingRatio is >= 0 and <= MaxPaddingRatioLimit, nameof(MaxPaddingRatio),
            $"between 0 and {MaxPaddingRatioLimit}", MaxPaddingRatio);
        Require(MaxQueuedItems >= 1, nameof(MaxQueuedItems), "at least 1", MaxQueuedItems);
        Require(MaxQueuedTokens >= 1, nameof(MaxQueuedTokens), "at least 1", MaxQueuedTokens);
        Require(WorkerCount is >= 1 and <= WorkerCountLimit, nameof(WorkerCount),
            $"between 1 and {WorkerCountLimit}", WorkerCount);
    }

    /// <summary>A copy, so a running batcher is not affected by later changes to this instance.</summary>
    public BatcherOptions Clone() => (BatcherOptions)MemberwiseClone();

    private static void Require(bool valid, string option, string limit, object value)
    {
        if (!valid)
        {
            throw new ArgumentException($"{SectionName}:{option} must be {limit} (was {value}).", option);
        }
    }
}
