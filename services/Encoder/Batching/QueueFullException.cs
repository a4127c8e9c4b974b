namespace Recommender.Encoder.Batching;

/// <summary>
/// A request was rejected as a whole because admitting it would exceed a queue bound. Nothing of
/// it was queued. The RPC layer maps it to RESOURCE_EXHAUSTED; the caller may retry later.
/// </summary>
public sealed class QueueFullException : Exception
{
    /// <summary>Creates the exception for the bound <paramref name="limitName"/>.</summary>
    public QueueFullException(string model, string limitName, long limit, long queued, long requested)
        : base($"The encoder queue of model '{model}' is full: {queued} queued + {requested} requested would exceed " +
               $"{BatcherOptions.SectionName}:{limitName} = {limit}. Retry later or send less at once.")
    {
        Model = model;
        LimitName = limitName;
        Limit = limit;
        Queued = queued;
        Requested = requested;
    }

    /// <summary>Model whose queue is full.</summary>
    public string Model { get; }

    /// <summary>Option that bounds the queue (<c>MaxQueuedItems</c> or <c>MaxQueuedTokens</c>).</summary>
    public string LimitName { get; }

    /// <summary>Value of that option.</summary>
    public long Limit { get; }

    /// <summary>Amount already queued, in the option's unit.</summary>
    public long Queued { get; }

    /// <summary>Amount the rejected request asked for, in the option's unit.</summary>
    public long Requested { get; }
}
