using Microsoft.Extensions.Logging;

namespace Recommender.Storage;

/// <summary>The log as recovery left it: segments in order, the last one open for appends.</summary>
internal sealed record RecoveredLog(
    IReadOnlyList<SegmentFile> Segments,
    long ActiveLength,
    long NextSequence,
    LogRecoveryReport Report);

/// <summary>
/// Opening a log: verify every segment front to back, cut a torn tail off the last segment, and
/// refuse (or, on request, set aside) damage anywhere else. README.md states the policy.
/// </summary>
internal static class LogRecovery
{
    public static RecoveredLog Recover(string directory, RecordLogOptions options, ILogger logger)
    {
        List<(string Path, long Base)> files = Directory.EnumerateFiles(directory)
            .Select(path => (Path: path, Base: LogFormat.TryParseSegmentFileName(Path.GetFileName(path))))
            .Where(file => file.Base is not null)
            .Select(file => (file.Path, Base: file.Base!.Value))
            .OrderBy(file => file.Base)
            .ToList();

        var kept = new List<SegmentFile>();
        long next = 1;
        long activeLength = LogFormat.SegmentHeaderBytes;
        long batches = 0;
        long records = 0;
        var report = new LogRecoveryReport
        {
            Segments = 0, Batches = 0, Records = 0, FirstSequence = 0, NextSequence = 0,
        };

        for (int i = 0; i < files.Count; i++)
        {
            (string path, long nameBase) = files[i];
            bool isLast = i == files.Count - 1;
            (long Offset, string Reason)? corruption = null;
            long validLength;
            long segmentNext;
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            {
                long length = RandomAccess.GetLength(handle);
                SegmentScan scan = SegmentScanner.Scan(new BufferedFileReader(handle, length));
                validLength = scan.ValidLength;
                segmentNext = scan.NextSequence;
                batches += scan.Batches;
                records += scan.Records;

                if (kept.Count > 0 && nameBase != next)
                {
                    corruption = (0, $"segment starts at sequence {nameBase} but the previous segment ends at {next - 1} (a segment is missing or misnamed)");
                }
                else if (scan.BaseSequence is { } headerBase && headerBase != nameBase)
                {
                    corruption = (0, $"segment header says base sequence {headerBase} but the file name says {nameBase}");
                }
                else if (scan.Damage is { } damage)
                {
                    if (isLast && damage.ValidFrameAfter is null)
                    {
                        // A torn tail: the last write never completed, so it was never acknowledged.
                        if (scan.BaseSequence is null)
                        {
                            RewriteHeader(handle, nameBase);
                            validLength = LogFormat.SegmentHeaderBytes;
                            segmentNext = nameBase;
                        }
                        else
                        {
                            RandomAccess.SetLength(handle, validLength);
                        }

                        if (options.FlushToDisk)
                        {
                            RandomAccess.FlushToDisk(handle);
                        }

                        long cut = length - (scan.BaseSequence is null ? 0 : validLength);
                        report = report with { TornTailBytes = cut, TornTailFile = path, TornTailOffset = damage.Offset };
                        logger.LogWarning(
                            "Log recovery cut a torn tail of {Bytes} bytes at offset {Offset} of {File}: {Reason}",
                            cut, damage.Offset, path, damage.Reason);
                    }
                    else
                    {
                        corruption = (damage.Offset, isLast
                            ? damage.Describe()
                            : damage.Describe() + "; later segments exist, so this is not the end of the log");
                    }
                }

                if (corruption is { } found)
                {
                    if (options.RecoveryMode == LogRecoveryMode.Strict)
                    {
                        throw new LogCorruptedException(path, found.Offset, found.Reason);
                    }

                    IReadOnlyList<string> setAside = SetAside(handle, path, found.Offset, length, files.Skip(i + 1).Select(f => f.Path));
                    logger.LogError(
                        "Log corruption at offset {Offset} of {File} ({Reason}); RecoveryMode {Mode} discarded everything from there, kept in {SetAside}",
                        found.Offset, path, found.Reason, options.RecoveryMode, string.Join(", ", setAside));
                    report = report with
                    {
                        SetAsideFiles = setAside,
                        DiscardedCorruption = $"{path} at offset {found.Offset}: {found.Reason}",
                    };
                }
            }

            if (corruption is { Offset: < LogFormat.SegmentHeaderBytes })
            {
                break; // the whole segment was set aside
            }

            kept.Add(new SegmentFile(path, nameBase));
            next = segmentNext;
            activeLength = validLength;
            if (corruption is not null)
            {
                break;
            }
        }

        if (options.RecoveryMode != LogRecoveryMode.Strict && report.SetAsideFiles.Count > 0 && options.FlushToDisk)
        {
            DirectorySync.Flush(directory);
        }

        if (kept.Count == 0)
        {
            long baseSequence = files.Count > 0 ? files[0].Base : 1;
            kept.Add(SegmentFile.Create(directory, baseSequence, options.FlushToDisk));
            next = baseSequence;
            activeLength = LogFormat.SegmentHeaderBytes;
        }

        report = report with
        {
            Segments = kept.Count,
            Batches = batches,
            Records = records,
            FirstSequence = kept[0].BaseSequence,
            NextSequence = next,
        };
        return new RecoveredLog(kept, activeLength, next, report);
    }

    private static void RewriteHeader(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long baseSequence)
    {
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, LogFormat.EncodeSegmentHeader(baseSequence), 0);
    }

    /// <summary>
    /// Moves everything from <paramref name="offset"/> on out of the log: the rest of this segment
    /// into a side file (or the whole segment when the damage is in its header), later segments
    /// renamed. Returns the side files.
    /// </summary>
    private static List<string> SetAside(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path,
        long offset, long length, IEnumerable<string> laterSegments)
    {
        var setAside = new List<string>();
        if (offset < LogFormat.SegmentHeaderBytes)
        {
            handle.Dispose();
            File.Move(path, path + ".discarded");
            setAside.Add(path + ".discarded");
        }
        else
        {
            string sidePath = $"{path}.corrupt-{offset}";
            using (var side = File.OpenHandle(sidePath, FileMode.Create, FileAccess.Write))
            {
                var buffer = new byte[1 << 20];
                for (long position = offset; position < length;)
                {
                    int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - position)), position);
                    RandomAccess.Write(side, buffer.AsSpan(0, read), position - offset);
                    position += read;
                }

                RandomAccess.FlushToDisk(side);
            }

            RandomAccess.SetLength(handle, offset);
            RandomAccess.FlushToDisk(handle);
            setAside.Add(sidePath);
        }

        foreach (string later in laterSegments)
        {
            File.Move(later, later + ".discarded");
            setAside.Add(later + ".discarded");
        }

        return setAside;
    }
}
