using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Recommender.Encoder.Batching;

/// <summary>
/// Dynamic batcher of one model: requests are split into sequences, queued, formed into batches of
/// similar lengths under a token budget and a batch size limit, and run on
/// <see cref="BatcherOptions.WorkerCount"/> dedicated threads. Each request completes with its
/// vectors in request order, or with one of <see cref="QueueFullException"/> (rejected at once),
/// <see cref="BatchDeadlineExceededException"/>, <see cref="OperationCanceledException"/>,
/// <see cref="BatchInferenceException"/> or <see cref="BatcherStoppedException"/>.
/// </summary>
public sealed class DynamicBatcher : IAsyncDisposable
{
    private static readonly TimeSpan NoDeadline = TimeSpan.MaxValue;

    private readonly object _gate = new();
    private readonly BatchQueue _queue = new();
    private readonly IBatchInference _inference;
    private readonly BatcherOptions _options;
    private readonly DispatchPolicy _policy;
    private readonly ThroughputEstimate _throughput;
    private readonly BatcherMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _workersExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<PendingRequest, CancellationToken> _onCancelled;
    private readonly Action<PendingRequest> _onDeadline;
    private int _liveWorkers;
    private long _runningTokens;
    private bool _stopping;
    private Task? _stopped;

    /// <summary>Starts the batcher's worker threads. <paramref name="options"/> is validated and copied.</summary>
    public DynamicBatcher(string modelName, IBatchInference inference, BatcherOptions options, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        ModelName = modelName;
        _inference = inference;
        _options = options.Clone();
        _policy = new DispatchPolicy(_options, Stopwatch.Frequency);
        _throughput = new ThroughputEstimate(_options.WorkerCount);
        _logger = logger ?? NullLogger.Instance;
        _metrics = new BatcherMetrics(modelName, () => _queue.Count, () => _queue.Tokens);
        _onCancelled = (request, token) => Abandon(request, "cancelled", r => r.TryCancel(token));
        _onDeadline = request => Abandon(request, "deadline",
            r => r.TryFail(new BatchDeadlineExceededException(ModelName, r.DeadlineUtc, r.Items.Length)));

        _liveWorkers = _options.WorkerCount;
        for (var i = 0; i < _options.WorkerCount; i++)
        {
            // Dedicated threads: long synchronous inference must not occupy the thread pool.
            new Thread(WorkerLoop) { IsBackground = true, Name = $"encoder-batch-{modelName}-{i}" }.Start();
        }
    }

    /// <summary>The model this batcher serves.</summary>
    public string ModelName { get; }

    /// <summary>The options in force (a copy of those given).</summary>
    public BatcherOptions Options => _options.Clone();

    /// <summary>Sequences waiting in the queue (not counting running batches).</summary>
    public int QueuedItems => _queue.Count;

    /// <summary>Tokens waiting in the queue.</summary>
    public long QueuedTokens => _queue.Tokens;

    /// <summary>
    /// Queues <paramref name="sequences"/> (token ids with special tokens, at least one id each) and
    /// completes with one vector per sequence, in order. A request that does not fit the queue
    /// bounds fails at once with <see cref="QueueFullException"/> and nothing of it is queued.
    /// The batcher holds the given arrays until they run; the caller must not change them.
    /// </summary>
    /// <param name="sequences">The request's sequences.</param>
    /// <param name="deadlineUtc">When the caller stops waiting (UTC); <see cref="DateTime.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">Cancels the request; its queued sequences are dropped.</param>
    public Task<float[][]> SubmitAsync(IReadOnlyList<int[]> sequences, DateTime deadlineUtc,
        CancellationToken cancellationToken = default)
    {
        ValidateSequences(sequences);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<float[][]>(cancellationToken);
        }

        var now = Stopwatch.GetTimestamp();
        var untilDeadline = TimeUntil(deadlineUtc);
        if (untilDeadline <= TimeSpan.Zero)
        {
            _metrics.Dropped(sequences.Count, "deadline");
            return Task.FromException<float[][]>(new BatchDeadlineExceededException(ModelName, deadlineUtc, sequences.Count));
        }

        var deadlineTimestamp = untilDeadline == NoDeadline
            ? long.MaxValue
            : now + (long)Math.Min(untilDeadline.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2);
        var request = new PendingRequest(sequences, deadlineUtc, deadlineTimestamp, now);

        lock (_gate)
        {
            if (_stopping)
            {
                return Task.FromException<float[][]>(new BatcherStoppedException(ModelName));
            }

            var rejection = CheckAdmission(request, untilDeadline);
            if (rejection is not null)
            {
                _metrics.Rejected(rejection.LimitName);
                return Task.FromException<float[][]>(rejection);
            }

            _queue.Enqueue(request);
            _policy.OnArrival(now);
            Monitor.PulseAll(_gate);
        }

        request.Arm(cancellationToken, untilDeadline, _onCancelled, _onDeadline);
        return request.Task;
    }

    /// <summary>
    /// Stops admitting requests and lets the workers drain the queue. When
    /// <paramref name="drainCancellation"/> fires, sequences still queued fail with
    /// <see cref="BatcherStoppedException"/>. Completes when running batches have finished (an
    /// inference run cannot be interrupted, so a run that never returns keeps this from completing).
    /// </summary>
    public Task StopAsync(CancellationToken drainCancellation = default)
    {
        Task stopped;
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
            stopped = _stopped ??= FinishStoppingAsync();
        }

        if (drainCancellation.IsCancellationRequested)
        {
            FailQueued();
            return stopped;
        }

        if (drainCancellation.CanBeCanceled && !stopped.IsCompleted)
        {
            var registration = drainCancellation.Register(FailQueued);
            stopped.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return stopped;
    }

    /// <summary>Stops without draining: queued sequences fail at once; running batches finish.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);

    private async Task FinishStoppingAsync()
    {
        await _workersExited.Task.ConfigureAwait(false);
        _metrics.Dispose();
    }

    private QueueFullException? CheckAdmission(PendingRequest request, TimeSpan untilDeadline)
    {
        // An empty queue admits anything: a request larger than a bound on its own still runs.
        if (_queue.Count == 0)
        {
            return null;
        }

        if (_queue.Count + request.Items.Length > _options.MaxQueuedItems)
        {
            return QueueFullException.ForBound(ModelName, nameof(BatcherOptions.MaxQueuedItems),
                _options.MaxQueuedItems, _queue.Count, request.Items.Length);
        }

        if (_queue.Tokens + request.Tokens > _options.MaxQueuedTokens)
        {
            return QueueFullException.ForBound(ModelName, nameof(BatcherOptions.MaxQueuedTokens),
                _options.MaxQueuedTokens, _queue.Tokens, request.Tokens);
        }

        // The request finishes after the running batches, the queue ahead of it and its own tokens.
        if (_options.RejectUnreachableDeadlines && untilDeadline != NoDeadline
            && _throughput.TimeToRun(_runningTokens + _queue.Tokens + request.Tokens) is { } work && work > untilDeadline)
        {
            return QueueFullException.ForDeadline(ModelName, (long)untilDeadline.TotalMilliseconds,
                (long)Math.Ceiling(work.TotalMilliseconds), request.Tokens);
        }

        return null;
    }

    /// <summary>
    /// Drops the request's queued sequences and completes it through <paramref name="complete"/>;
    /// counts the dropped sequences under <paramref name="droppedReason"/> when one is given.
    /// </summary>
    private void Abandon(PendingRequest request, string? droppedReason, Func<PendingRequest, bool> complete)
    {
        int dropped;
        lock (_gate)
        {
            dropped = _queue.RemoveAll(request);
        }

        if (complete(request) && droppedReason is not null)
        {
            _metrics.Dropped(dropped, droppedReason);
        }
    }

    private void FailQueued()
    {
        List<PendingRequest> requests;
        lock (_gate)
        {
            requests = _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        foreach (var request in requests)
        {
            request.TryFail(new BatcherStoppedException(ModelName));
        }

        if (requests.Count > 0)
        {
            _logger.LogWarning("Encoder batcher of model {Model} stopped with {Requests} requests still queued; they failed.",
                ModelName, requests.Count);
        }
    }

    private void WorkerLoop()
    {
        try
        {
            while (TryTakeBatch() is { } batch)
            {
                RunBatch(batch);
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _liveWorkers) == 0)
            {
                _workersExited.TrySetResult();
            }
        }
    }

    /// <summary>Waits for the next batch and takes it out of the queue; null once stopped and drained.</summary>
    private BatchPlan? TryTakeBatch()
    {
        lock (_gate)
        {
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                ExpireOverdue(now);
                if (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return null;
                    }

                    Monitor.Wait(_gate);
                    continue;
                }

                var plan = BatchSelector.Select(_queue.Arrivals, _options);
                var queueHoldsFullBatch = _queue.Count >= _options.MaxBatchSize || _queue.Tokens >= _options.MaxBatchTokens;
                var waitUntil = _stopping
                    ? now
                    : _policy.WaitForCompanyUntil(now, plan.Items[0].EnqueuedTimestamp, plan.IsFull, queueHoldsFullBatch);
                if (waitUntil > now)
                {
                    Monitor.Wait(_gate, WaitMilliseconds(waitUntil - now));
                    continue;
                }

                foreach (var item in plan.Items)
                {
                    _queue.Remove(item);
                }

                _runningTokens += (long)plan.PaddedLength * plan.Items.Count;
                return plan;
            }
        }
    }

    /// <summary>Fails requests whose deadline passed while queued (their timers may not have fired yet).</summary>
    private void ExpireOverdue(long now)
    {
        var overdue = _queue.FindOverdue(now);
        if (overdue is null)
        {
            return;
        }

        foreach (var request in overdue)
        {
            var dropped = _queue.RemoveAll(request);
            if (request.TryFail(new BatchDeadlineExceededException(ModelName, request.DeadlineUtc, request.Items.Length)))
            {
                _metrics.Dropped(dropped, "deadline");
            }
        }
    }

    private void RunBatch(BatchPlan batch)
    {
        var items = batch.Items;
        var sequences = new int[items.Count][];
        long realTokens = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < items.Count; i++)
        {
            sequences[i] = items[i].Ids;
            realTokens += items[i].Length;
            _metrics.QueueWait(Stopwatch.GetElapsedTime(items[i].EnqueuedTimestamp, started));
        }

        _metrics.BatchStarted(items.Count, (long)batch.PaddedLength * items.Count, realTokens);

        float[][]? vectors = null;
        Exception? failure = null;
        string? reason = null;
        try
        {
            vectors = _inference.Run(sequences);
            reason = DescribeBadOutput(vectors, sequences.Length);
        }
        catch (Exception exception)
        {
            failure = exception;
            reason = $"{exception.GetType().Name}: {exception.Message}";
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _metrics.InferenceTime(elapsed);
        lock (_gate)
        {
            _policy.OnBatchCompleted(Stopwatch.GetTimestamp() - started);
            _runningTokens -= (long)batch.PaddedLength * items.Count;
            _throughput.OnBatchCompleted((long)batch.PaddedLength * items.Count, elapsed);
        }

        if (reason is null)
        {
            for (var i = 0; i < items.Count; i++)
            {
                items[i].Request.SetVector(items[i].Index, vectors![i]);
            }

            return;
        }

        _logger.LogError(failure, "Inference of model {Model} failed for a batch of {BatchSize} sequences padded to {PaddedLength} tokens: {Reason}",
            ModelName, items.Count, batch.PaddedLength, reason);
        foreach (var request in items.Select(item => item.Request).Distinct())
        {
            Abandon(request, droppedReason: null,
                r => r.TryFail(new BatchInferenceException(ModelName, items.Count, batch.PaddedLength, reason, failure)));
        }
    }

    private static string? DescribeBadOutput(float[][]? vectors, int expected)
    {
        if (vectors is null || vectors.Length != expected)
        {
            return $"the inference returned {vectors?.Length ?? 0} vectors for {expected} sequences";
        }

        var missing = Array.FindIndex(vectors, vector => vector is null);
        return missing >= 0 ? $"the inference returned no vector for sequence {missing} of the batch" : null;
    }

    private static void ValidateSequences(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            throw new ArgumentException("A request needs at least one sequence.", nameof(sequences));
        }

        for (var i = 0; i < sequences.Count; i++)
        {
            if (sequences[i] is not { Length: > 0 })
            {
                throw new ArgumentException($"Sequence {i} is empty; every sequence needs at least one token id.", nameof(sequences));
            }
        }
    }

    private static TimeSpan TimeUntil(DateTime deadline)
    {
        if (deadline == DateTime.MaxValue)
        {
            return NoDeadline;
        }

        var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
        return utc - DateTime.UtcNow;
    }

    // Monitor.Wait counts whole milliseconds; round up so a short wait does not turn into a busy loop.
    private static int WaitMilliseconds(long ticks) =>
        (int)Math.Clamp(Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency), 1, int.MaxValue);
}
