namespace Recommender.Storage.Tests;

/// <summary>Helpers for the durable store tests.</summary>
internal static class StoreTesting
{
    public static DurableStoreOptions Options(string directory, long segmentBytes = 64L << 20, int snapshotsToKeep = 2) => new()
    {
        DataDirectory = directory,
        SnapshotsToKeep = snapshotsToKeep,
        SnapshotAfterLogBytes = 0,
        Log = new RecordLogOptions { FlushToDisk = false, SegmentBytes = segmentBytes },
    };

    /// <summary>Appends <paramref name="count"/> random updates over a small key space, mirroring them into <paramref name="expected"/>.</summary>
    public static async Task WriteUpdates(DurableStore store, Random random, int count, Dictionary<string, string> expected)
    {
        for (int i = 0; i < count; i++)
        {
            string key = $"k{random.Next(40)}";
            string value = random.Next(6) == 0 ? string.Empty : $"v{random.Next(1_000_000)}";
            await store.AppendAsync(KeyValueState.Set(key, value));
            if (value.Length == 0)
            {
                expected.Remove(key);
            }
            else
            {
                expected[key] = value;
            }
        }
    }

    public static string SnapshotDirectory(string dataDirectory) => Path.Combine(dataDirectory, "snapshots");

    public static string LogDirectory(string dataDirectory) => Path.Combine(dataDirectory, "log");
}
