namespace Recommender.Storage;

/// <summary>A storage operation failed; the message names the file or directory involved.</summary>
public class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// A log file is damaged somewhere other than its tail: an invalid batch followed by valid ones,
/// a gap in sequence numbers, or a damaged segment that is not the last one. Opening stops here
/// instead of silently dropping acknowledged data (see <see cref="LogRecoveryMode"/>).
/// </summary>
public sealed class LogCorruptedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public LogCorruptedException(string filePath, long offset, string reason)
        : base($"log file '{filePath}' is corrupt at byte offset {offset}: {reason}. "
            + "This is not a torn tail, so acknowledged records may be affected; restore the data "
            + "directory from a backup, or reopen with RecoveryMode = "
            + $"{nameof(LogRecoveryMode.DiscardFromCorruption)} to keep the valid prefix "
            + "(the discarded bytes are kept in side files).")
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The damaged segment file.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the first invalid batch in <see cref="FilePath"/>.</summary>
    public long Offset { get; }

    /// <summary>What is wrong at <see cref="Offset"/>.</summary>
    public string Reason { get; }
}

/// <summary>Another process (or another store in this process) holds the data directory.</summary>
public sealed class DataDirectoryLockedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public DataDirectoryLockedException(string directory, Exception inner)
        : base($"data directory '{directory}' is in use: its LOCK file is held by another open store "
            + "(only one process may open a data directory at a time)", inner)
    {
        Directory = directory;
    }

    /// <summary>The locked data directory.</summary>
    public string Directory { get; }
}

/// <summary>
/// The log has more writes queued than <see cref="RecordLogOptions.MaxQueuedBytes"/>; the caller
/// should back off (a service answers RESOURCE_EXHAUSTED).
/// </summary>
public sealed class StorageOverloadedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StorageOverloadedException(long queuedBytes, long limit)
        : base($"the log has {queuedBytes} bytes queued for writing; the limit "
            + $"{nameof(RecordLogOptions.MaxQueuedBytes)} is {limit}")
    {
    }
}
