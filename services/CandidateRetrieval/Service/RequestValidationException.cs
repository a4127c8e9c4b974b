namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Bad input to an RPC: names the field in the contract's terms (for example <c>items[3].vector</c>) and says what the
/// limit or rule is. Maps to INVALID_ARGUMENT; a request that throws it changed nothing.
/// </summary>
internal sealed class RequestValidationException(string field, string message) : Exception(message)
{
    /// <summary>The request field that is wrong.</summary>
    public string Field { get; } = field;
}
