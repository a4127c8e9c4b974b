using Google.Protobuf.WellKnownTypes;

namespace Recommender.Storage.Tests;

public sealed class DurableStoreTests
{
    [Fact]
    public async Task SnapshotPlusLogReplayEqualsTheFullState()
    {
        using var directory = new TempDirectory();
        var random = new Random(31);
        var expected = new Dictionary<string, string>();
        long snapshotSequence;
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), new KeyValueState()))
        {
            await StoreTesting.WriteUpdates(store, random, 300, expected);
            snapshotSequence = (await store.SnapshotAsync()).LastSequence;
            Assert.Equal(300, snapshotSequence);
            await StoreTesting.WriteUpdates(store, random, 200, expected);
        }

        var restored = new KeyValueState();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), restored))
        {
            Assert.Equal(snapshotSequence, restored.LoadedSnapshot);
            Assert.Equal(snapshotSequence, store.OpenReport.Snapshot!.LastSequence);
            Assert.Equal(200, store.OpenReport.ReplayedRecords);
            Assert.Equal(Enumerable.Range(301, 200).Select(i => (long)i), restored.Applied);
            Assert.Equal(500, store.LastAppliedSequence);
        }

        Assert.Equal(expected, restored.Values);

        // The same state rebuilt from the whole log, without the snapshot.
        var fromScratch = new KeyValueState();
        using (RecordLog log = RecordLog.Open(StoreTesting.LogDirectory(directory.Path), LogTesting.NoFsync()))
        {
            log.Replay(0, fromScratch.Apply);
        }

        Assert.Equal(expected, fromScratch.Values);
    }

    [Fact]
    public async Task AnUnfinishedSnapshotWriteLeavesThePreviousSnapshotInUse()
    {
        using var directory = new TempDirectory();
        var random = new Random(32);
        var expected = new Dictionary<string, string>();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), new KeyValueState()))
        {
            await StoreTesting.WriteUpdates(store, random, 100, expected);
            await store.SnapshotAsync();
            await StoreTesting.WriteUpdates(store, random, 50, expected);
        }

        // A crash in the middle of writing the next snapshot leaves its temporary file behind.
        string temporary = Path.Combine(StoreTesting.SnapshotDirectory(directory.Path), $"{150:D20}.snap.tmp");
        await File.WriteAllBytesAsync(temporary, "RECSNAP1"u8.ToArray().Concat(new byte[300]).ToArray());

        var restored = new KeyValueState();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), restored))
        {
            Assert.Equal(1, store.OpenReport.TemporaryFilesRemoved);
            Assert.Equal(100, restored.LoadedSnapshot);
            Assert.Equal(50, store.OpenReport.ReplayedRecords);
            Assert.Empty(store.OpenReport.InvalidSnapshots);
        }

        Assert.False(File.Exists(temporary));
        Assert.Equal(expected, restored.Values);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public async Task AnInvalidNewestSnapshotIsReportedAndTheOlderOneUsed(string damage)
    {
        using var directory = new TempDirectory();
        var random = new Random(33);
        var expected = new Dictionary<string, string>();
        string newest;
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), new KeyValueState()))
        {
            await StoreTesting.WriteUpdates(store, random, 80, expected);
            await store.SnapshotAsync();
            await StoreTesting.WriteUpdates(store, random, 80, expected);
            newest = (await store.SnapshotAsync()).Path;
            await StoreTesting.WriteUpdates(store, random, 10, expected);
        }

        byte[] bytes = await File.ReadAllBytesAsync(newest);
        if (damage == "truncated")
        {
            bytes = bytes[..^10];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 1;
        }

        await File.WriteAllBytesAsync(newest, bytes);

        var restored = new KeyValueState();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), restored))
        {
            InvalidSnapshot invalid = Assert.Single(store.OpenReport.InvalidSnapshots);
            Assert.EndsWith(".snap.invalid", invalid.Path);
            Assert.Contains(damage == "truncated" ? "SEND" : "checksum", invalid.Reason);
            Assert.Equal(80, restored.LoadedSnapshot);
            Assert.Equal(90, store.OpenReport.ReplayedRecords);
        }

        Assert.Equal(expected, restored.Values);
    }

    [Fact]
    public async Task SnapshotsDeleteTheLogSegmentsTheOldestKeptSnapshotCovers()
    {
        using var directory = new TempDirectory();
        var random = new Random(34);
        var expected = new Dictionary<string, string>();
        DurableStoreOptions options = StoreTesting.Options(directory.Path, segmentBytes: 4096, snapshotsToKeep: 2);
        string logDirectory = StoreTesting.LogDirectory(directory.Path);
        using (DurableStore store = DurableStore.Open(options, new KeyValueState()))
        {
            await StoreTesting.WriteUpdates(store, random, 600, expected);
            int segmentsBefore = Directory.GetFiles(logDirectory, "*.log").Length;
            Assert.True(segmentsBefore > 3);

            // One snapshot of two: the log must still reach back to the start, as the fallback.
            await store.SnapshotAsync();
            Assert.Equal(segmentsBefore, Directory.GetFiles(logDirectory, "*.log").Length);
            Assert.Equal(1, store.Log.FirstSequence);

            await StoreTesting.WriteUpdates(store, random, 600, expected);
            await store.SnapshotAsync();
            Assert.True(store.Log.FirstSequence > 1 && store.Log.FirstSequence <= 601,
                $"segments covered by the first snapshot (at 600) should be gone; the log starts at {store.Log.FirstSequence}");

            await StoreTesting.WriteUpdates(store, random, 600, expected);
            await store.SnapshotAsync();
            Assert.Equal(2, store.Snapshots.Count);
            Assert.True(store.Log.FirstSequence > 601 && store.Log.FirstSequence <= 1201);
            Assert.True(Directory.GetFiles(logDirectory, "*.log").Length < segmentsBefore * 2);
        }

        var restored = new KeyValueState();
        using (DurableStore.Open(options, restored))
        {
            Assert.Equal(1800, restored.LoadedSnapshot);
        }

        Assert.Equal(expected, restored.Values);
    }

    [Fact]
    public async Task WithOneSnapshotKeptTheCoveredSegmentsGoRightAway()
    {
        using var directory = new TempDirectory();
        var random = new Random(35);
        var expected = new Dictionary<string, string>();
        DurableStoreOptions options = StoreTesting.Options(directory.Path, segmentBytes: 4096, snapshotsToKeep: 1);
        using (DurableStore store = DurableStore.Open(options, new KeyValueState()))
        {
            await StoreTesting.WriteUpdates(store, random, 500, expected);
            await store.SnapshotAsync();
            Assert.Single(store.Snapshots);
            Assert.InRange(store.Log.FirstSequence, 2, 501);
        }

        var restored = new KeyValueState();
        using (DurableStore.Open(options, restored))
        {
        }

        Assert.Equal(expected, restored.Values);
    }

    [Fact]
    public async Task WhenNoSnapshotCoversWhatTheLogDeletedOpeningSaysSo()
    {
        using var directory = new TempDirectory();
        DurableStoreOptions options = StoreTesting.Options(directory.Path, segmentBytes: 4096, snapshotsToKeep: 1);
        using (DurableStore store = DurableStore.Open(options, new KeyValueState()))
        {
            await StoreTesting.WriteUpdates(store, new Random(36), 500, new Dictionary<string, string>());
            await store.SnapshotAsync();
        }

        string snapshot = Assert.Single(Directory.GetFiles(StoreTesting.SnapshotDirectory(directory.Path)));
        await File.WriteAllBytesAsync(snapshot, new byte[10]);
        var error = Assert.Throws<StorageException>(() => DurableStore.Open(options, new KeyValueState()));
        Assert.Contains("are gone", error.Message);
    }

    [Fact]
    public async Task AppendsCompleteAfterTheStateAppliedThemInOrder()
    {
        using var directory = new TempDirectory();
        var state = new KeyValueState();
        using DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), state);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            AppendResult result = await store.AppendAsync(KeyValueState.Set($"key{i}", $"{i}"));
            lock (state.Values)
            {
                Assert.Equal($"{i}", state.Values[$"key{i}"]);
            }

            Assert.True(store.LastAppliedSequence >= result.LastSequence);
        })));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), state.Applied);
    }

    [Fact]
    public async Task SnapshotsTakenWhileAppendingMatchTheirSequence()
    {
        using var directory = new TempDirectory();
        DurableStoreOptions options = StoreTesting.Options(directory.Path);
        options.SnapshotsToKeep = 100;
        using (DurableStore store = DurableStore.Open(options, new KeyValueState()))
        {
            Task writers = Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (int i = 0; i < 100; i++)
                {
                    await store.AppendAsync(KeyValueState.Set($"w{w}", $"{i}"));
                }
            })));
            while (!writers.IsCompleted)
            {
                await store.SnapshotAsync();
            }

            await writers;
        }

        // Each snapshot holds exactly the state after its sequence: replaying the log to that
        // sequence gives the same values.
        var snapshots = new SnapshotStore(StoreTesting.SnapshotDirectory(directory.Path), retain: 100, flushToDisk: false);
        List<(long Sequence, byte[] Payload)> records;
        using (RecordLog log = RecordLog.Open(StoreTesting.LogDirectory(directory.Path), LogTesting.NoFsync()))
        {
            records = LogTesting.ReadAll(log);
        }

        Assert.True(snapshots.List().Count >= 2, $"expected several snapshots during the appends, got {snapshots.List().Count}");
        foreach (SnapshotInfo snapshot in snapshots.List())
        {
            var fromSnapshot = new KeyValueState();
            using (var stream = new FileStream(snapshot.Path, FileMode.Open))
            {
                stream.Position = 16;
                fromSnapshot.LoadSnapshot(stream, snapshot.LastSequence);
            }

            var fromLog = new KeyValueState();
            foreach ((long sequence, byte[] payload) in records.TakeWhile(r => r.Sequence <= snapshot.LastSequence))
            {
                fromLog.Apply(new LogRecord(sequence, payload));
            }

            Assert.Equal(fromLog.Values, fromSnapshot.Values);
        }
    }

    [Fact]
    public async Task AutomaticSnapshotsFollowLogGrowth()
    {
        using var directory = new TempDirectory();
        DurableStoreOptions options = StoreTesting.Options(directory.Path);
        options.SnapshotAfterLogBytes = 2000;
        using DurableStore store = DurableStore.Open(options, new KeyValueState());
        await StoreTesting.WriteUpdates(store, new Random(37), 200, new Dictionary<string, string>());
        for (int wait = 0; wait < 100 && store.Snapshots.Count == 0; wait++)
        {
            await Task.Delay(50);
        }

        Assert.NotEmpty(store.Snapshots);
    }

    [Fact]
    public async Task ARecordTheStateCannotApplyStopsTheStoreAndIsReportedAtReopen()
    {
        using var directory = new TempDirectory();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), new KeyValueState()))
        {
            await store.AppendAsync(KeyValueState.Set("a", "1"));
            var failed = await Assert.ThrowsAsync<StorageException>(() => store.AppendAsync("fail"u8.ToArray()));
            Assert.Contains("sequence 2", failed.Message);
            await Assert.ThrowsAsync<StorageException>(() => store.AppendAsync(KeyValueState.Set("b", "2")));
        }

        var replay = Assert.Throws<StorageException>(() => DurableStore.Open(StoreTesting.Options(directory.Path), new KeyValueState()));
        Assert.Contains("replaying record 2", replay.Message);
    }

    [Fact]
    public async Task ProtobufMessagesRoundTrip()
    {
        using var directory = new TempDirectory();
        var state = new MessageState();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), state))
        {
            await store.AppendMessageAsync(new StringValue { Value = "one" });
            await store.AppendMessagesAsync([new StringValue { Value = "two" }, new StringValue { Value = "three" }]);
        }

        Assert.Equal(["one", "two", "three"], state.Values);
        var replayed = new MessageState();
        using (DurableStore.Open(StoreTesting.Options(directory.Path), replayed))
        {
        }

        Assert.Equal(["one", "two", "three"], replayed.Values);
    }

    private sealed class MessageState : IDurableState
    {
        public List<string> Values { get; } = new();

        public void LoadSnapshot(Stream payload, long lastSequence)
        {
        }

        public void Apply(LogRecord record) => Values.Add(record.ParseMessage(StringValue.Parser).Value);

        public ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
