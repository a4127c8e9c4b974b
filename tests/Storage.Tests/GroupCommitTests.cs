using System.Collections.Concurrent;

namespace Recommender.Storage.Tests;

/// <summary>Concurrent appenders share writes and fsyncs, and every acknowledged record is there after reopen.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task ManyParallelAppendersShareFsyncsAndLoseNothing()
    {
        using var directory = new TempDirectory();
        const int appenders = 64;
        const int appendsEach = 40;
        var acknowledged = new ConcurrentDictionary<long, (int Appender, int Index)>();
        LogStatistics statistics;
        using (RecordLog log = RecordLog.Open(directory.Path))
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] tasks = Enumerable.Range(0, appenders).Select(appender => Task.Run(async () =>
            {
                await start.Task;
                for (int i = 0; i < appendsEach; i++)
                {
                    AppendResult result = await log.AppendAsync(Payload(appender, i));
                    Assert.True(acknowledged.TryAdd(result.FirstSequence, (appender, i)));
                }
            })).ToArray();
            start.SetResult();
            await Task.WhenAll(tasks);
            statistics = log.Statistics;
        }

        Assert.Equal(appenders * appendsEach, statistics.Appends);
        Assert.Equal(statistics.Commits, statistics.Fsyncs);
        Assert.True(statistics.Fsyncs * 4 <= statistics.Appends,
            $"{statistics.Appends} appends took {statistics.Fsyncs} fsyncs; group commit should need at most a quarter as many");

        using RecordLog reopened = RecordLog.Open(directory.Path);
        List<(long Sequence, byte[] Payload)> records = LogTesting.ReadAll(reopened);
        Assert.Equal(acknowledged.Count, records.Count);
        foreach ((long sequence, byte[] payload) in records)
        {
            (int appender, int index) = acknowledged[sequence];
            Assert.Equal(Payload(appender, index), payload);
        }

        // Each appender's records keep the order in which it appended them.
        foreach (IGrouping<int, KeyValuePair<long, (int Appender, int Index)>> appender in acknowledged.GroupBy(a => a.Value.Appender))
        {
            Assert.Equal(Enumerable.Range(0, appendsEach), appender.OrderBy(a => a.Key).Select(a => a.Value.Index));
        }
    }

    [Fact]
    public async Task ACommitIsCappedByMaxCommitBytes()
    {
        using var directory = new TempDirectory();
        var options = new RecordLogOptions { FlushToDisk = true, MaxCommitBytes = 1000 };
        using RecordLog log = RecordLog.Open(directory.Path, options);
        // 40 batches of ~232 bytes queued at once: at most four fit in one commit.
        Task<AppendResult>[] appends = Enumerable.Range(0, 40).Select(i => log.AppendAsync(new byte[200])).ToArray();
        await Task.WhenAll(appends);
        Assert.True(log.Statistics.Commits >= 10, $"{log.Statistics.Commits} commits for 40 batches of 232 bytes under a 1000-byte cap");
    }

    [Fact]
    public async Task TooMuchQueuedWorkFailsFastWithOverloaded()
    {
        using var directory = new TempDirectory();
        var options = new RecordLogOptions { MaxBatchBytes = 10_000, MaxQueuedBytes = 10_000 };
        using RecordLog log = RecordLog.Open(directory.Path, options);
        var appends = new List<Task<AppendResult>>();
        StorageOverloadedException? overloaded = null;
        try
        {
            for (int i = 0; i < 10_000 && overloaded is null; i++)
            {
                appends.Add(log.AppendAsync(new byte[5000]));
            }
        }
        catch (StorageOverloadedException exception)
        {
            overloaded = exception;
        }

        Assert.NotNull(overloaded);
        Assert.Contains("MaxQueuedBytes", overloaded.Message);
        await Task.WhenAll(appends);
        Assert.Equal(appends.Count, log.LastSequence);
    }

    private static byte[] Payload(int appender, int index)
    {
        var payload = new byte[200];
        new Random((appender * 10_000) + index).NextBytes(payload);
        return payload;
    }
}
