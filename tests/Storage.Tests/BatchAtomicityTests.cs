namespace Recommender.Storage.Tests;

/// <summary>A batch is all or nothing: never half-applied after a crash, never half-written when rejected.</summary>
public sealed class BatchAtomicityTests
{
    [Fact]
    public async Task ABatchCutAfterSomeOfItsRecordsComesBackWithNoneOfThem()
    {
        using var directory = new TempDirectory();
        var first = new ReadOnlyMemory<byte>[] { new byte[] { 1 } };
        var big = Enumerable.Range(0, 10).Select(i => (ReadOnlyMemory<byte>)Enumerable.Repeat((byte)i, 50).ToArray()).ToArray();
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync()))
        {
            await log.AppendAsync(first);
            await log.AppendAsync(big);
        }

        string segment = LogTesting.SingleSegment(directory.Path);
        long bigStart = 24 + LogTesting.FrameBytes(first);
        // Keep the header and the first six complete records of the ten.
        long cut = bigStart + 28 + (6 * 54);
        await using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.SetLength(cut);
        }

        using RecordLog reopened = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        var records = LogTesting.ReadAll(reopened);
        Assert.Equal(new byte[] { 1 }, Assert.Single(records).Payload);
        Assert.Equal(cut - bigStart, reopened.Recovery.TornTailBytes);
    }

    [Fact]
    public async Task ARejectedBatchWritesNothing()
    {
        using var directory = new TempDirectory();
        var options = new RecordLogOptions { FlushToDisk = false, MaxRecordBytes = 64 };
        using (RecordLog log = RecordLog.Open(directory.Path, options))
        {
            await log.AppendAsync(new byte[] { 1 });
            ReadOnlyMemory<byte>[] mixed = [new byte[10], new byte[10], new byte[65]];
            await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(mixed));
            await log.AppendAsync(new byte[] { 2 });
        }

        using RecordLog reopened = RecordLog.Open(directory.Path, options);
        Assert.Equal(new[] { new byte[] { 1 }, new byte[] { 2 } }, LogTesting.ReadAll(reopened).Select(r => r.Payload));
    }
}
