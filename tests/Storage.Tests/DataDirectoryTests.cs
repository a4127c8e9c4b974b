namespace Recommender.Storage.Tests;

public sealed class DataDirectoryTests
{
    [Fact]
    public void ASecondOpenOfTheSameDirectoryIsRefusedUntilTheFirstCloses()
    {
        using var directory = new TempDirectory();
        DurableStoreOptions options = StoreTesting.Options(directory.Path);
        using (DurableStore.Open(options, new KeyValueState()))
        {
            var locked = Assert.Throws<DataDirectoryLockedException>(() => DurableStore.Open(options, new KeyValueState()));
            Assert.Equal(directory.Path, locked.Directory);
            Assert.Contains("in use", locked.Message);
        }

        using (DurableStore.Open(options, new KeyValueState()))
        {
        }
    }

    [Fact]
    public void TheLogDirectoryIsLockedToo()
    {
        using var directory = new TempDirectory();
        using RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        Assert.Throws<DataDirectoryLockedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync()));
    }

    [Fact]
    public void ADataDirectoryThatIsAFileIsAClearError()
    {
        using var directory = new TempDirectory();
        string file = directory.Combine("not-a-directory");
        File.WriteAllText(file, "x");
        var error = Assert.Throws<StorageException>(() => DurableStore.Open(StoreTesting.Options(file), new KeyValueState()));
        Assert.Contains(file, error.Message);
        Assert.Contains("is a file", error.Message);
    }

    [Fact]
    public void ADataDirectoryUnderAFileIsAClearError()
    {
        using var directory = new TempDirectory();
        string file = directory.Combine("file");
        File.WriteAllText(file, "x");
        string impossible = Path.Combine(file, "data");
        var error = Assert.Throws<StorageException>(() => DurableStore.Open(StoreTesting.Options(impossible), new KeyValueState()));
        Assert.Contains(impossible, error.Message);
        Assert.Contains("cannot be created or read", error.Message);
    }

    [Fact]
    public void MissingOrOutOfRangeSettingsAreNamed()
    {
        var empty = Assert.Throws<ArgumentException>(() => DurableStore.Open(new DurableStoreOptions(), new KeyValueState()));
        Assert.Equal("DataDirectory", empty.ParamName);

        using var directory = new TempDirectory();
        DurableStoreOptions options = StoreTesting.Options(directory.Path);
        options.SnapshotsToKeep = 0;
        Assert.Equal("SnapshotsToKeep", Assert.Throws<ArgumentException>(() => DurableStore.Open(options, new KeyValueState())).ParamName);
        options = StoreTesting.Options(directory.Path);
        options.Log.MaxBatchRecords = 0;
        Assert.Equal("MaxBatchRecords", Assert.Throws<ArgumentException>(() => DurableStore.Open(options, new KeyValueState())).ParamName);
    }

    [Fact]
    public void DefaultsAreDurable()
    {
        var options = new DurableStoreOptions();
        Assert.True(options.Log.FlushToDisk);
        Assert.Equal(LogRecoveryMode.Strict, options.Log.RecoveryMode);
        Assert.Equal(2, options.SnapshotsToKeep);
    }
}
