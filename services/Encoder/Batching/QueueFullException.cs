namespace Recommender.Encoder.Batching;

/// <summary>
/// A request was rejected as a whole because the queue could not take it: admitting it would
/// exceed a queue bound, or the work queued ahead of it would outlast its deadline. Nothing of it
/// was queued. The RPC layer maps it to RESOURCE_EXHAUSTED; the caller may retry later.
/// </summary>
public sealed class QueueFullException : Exception
{
    /// <summary><see cref="LimitName"/> of a rejection because the queued work would outlast the deadline.</summary>
    public const string DeadlineLimit = "Deadline";

    private QueueFullException(string message, string model, string limitName, long limit, long queued, long requested)
        : base(message)
    {
        Model = model;
        LimitName = limitName;
        Limit = limit;
        Queued = queued;
        Requested = requested;
    }

    /// <summary>Model whose queue is full.</summary>
    public string Model { get; }

    /// <summary>
    /// What refused the request: the option that bounds the queue (<c>MaxQueuedItems</c> or
    /// <c>MaxQueuedTokens</c>), or <see cref="DeadlineLimit"/>.
    /// </summary>
    public string LimitName { get; }

    /// <summary>The option's value, or for <see cref="DeadlineLimit"/> the milliseconds left before the deadline.</summary>
    public long Limit { get; }

    /// <summary>
    /// Amount already queued in the option's unit, or for <see cref="DeadlineLimit"/> the estimated
    /// milliseconds until the request would finish (running batches, the queue, the request itself).
    /// </summary>
    public long Queued { get; }

    /// <summary>Amount the rejected request asked for, in the option's unit (tokens for <see cref="DeadlineLimit"/>).</summary>
    public long Requested { get; }

    internal static QueueFullException ForBound(string model, string option, long limit, long queued, long requested) =>
        new($"The encoder queue of model '{model}' is full: {queued} queued + {requested} requested would exceed " +
            $"{BatcherOptions.SectionName}:{option} = {limit}. Retry later or send less at once.",
            model, option, limit, queued, requested);

    internal static QueueFullException ForDeadline(string model, long millisecondsLeft, long queuedMilliseconds, long requestedTokens) =>
        new($"The encoder of model '{model}' would need about {queuedMilliseconds} ms to run the work ahead of this request " +
            $"and the request itself, more than the {millisecondsLeft} ms left before its deadline. Retry later or allow a longer deadline.",
            model, DeadlineLimit, millisecondsLeft, queuedMilliseconds, requestedTokens);
}
