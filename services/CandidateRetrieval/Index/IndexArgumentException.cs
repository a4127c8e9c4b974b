namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Bad input to the index or to retrieval: names the offending field (for example
/// <c>items[3].vector</c>) and, where there is one, the limit it broke. The RPC layer maps it to
/// <c>INVALID_ARGUMENT</c>. A call that throws it has changed nothing.
/// </summary>
public sealed class IndexArgumentException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/> with a message a person can act on.</summary>
    public IndexArgumentException(string field, string message, string? limit = null)
        : base(message, field)
    {
        Field = field;
        Limit = limit;
    }

    /// <summary>The request field that is wrong, in the caller's terms (<c>queries[1].vector[7]</c>).</summary>
    public string Field { get; }

    /// <summary>The limit that was broken (<c>1000</c>, <c>100 components</c>), or null when there is none.</summary>
    public string? Limit { get; }

    /// <summary>The message without the parameter-name suffix that <see cref="ArgumentException"/> appends.</summary>
    public override string Message => base.Message.Replace($" (Parameter '{Field}')", string.Empty, StringComparison.Ordinal);
}
