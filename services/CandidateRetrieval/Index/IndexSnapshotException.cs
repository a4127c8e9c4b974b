namespace Recommender.CandidateRetrieval.Index;

/// <summary>A saved index could not be loaded: wrong format, unsupported version, options that do not
/// match, truncation or a checksum mismatch. The message says which.</summary>
public sealed class IndexSnapshotException : IOException
{
    /// <summary>Creates the exception with a message that says what is wrong with the snapshot.</summary>
    public IndexSnapshotException(string message, Exception? inner = null) : base(message, inner) { }
}
