namespace Recommender.Storage;

/// <summary>A segment of the log on disk: its path and the sequence number of its first record.</summary>
internal sealed record SegmentFile(string Path, long BaseSequence)
{
    /// <summary>Creates an empty segment durably: header written and fsynced, directory entry fsynced.</summary>
    public static SegmentFile Create(string directory, long baseSequence, bool flushToDisk)
    {
        string path = System.IO.Path.Combine(directory, LogFormat.SegmentFileName(baseSequence));
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.Write(handle, LogFormat.EncodeSegmentHeader(baseSequence), 0);
            if (flushToDisk)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }

        if (flushToDisk)
        {
            DirectorySync.Flush(directory);
        }

        return new SegmentFile(path, baseSequence);
    }
}
