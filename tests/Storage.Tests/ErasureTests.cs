using System.Text;

namespace Recommender.Storage.Tests;

/// <summary>
/// <see cref="DurableStore.EraseThroughAsync"/>: after it, a removed value's bytes are in no file of the data
/// directory (log segments, older snapshots, set-aside files), the state reopens intact, and the log continues.
/// </summary>
public sealed class ErasureTests
{
    private const string Secret = "secret-7D1Q";

    [Fact]
    public async Task A_value_removed_and_erased_is_in_no_file_and_everything_else_survives_a_reopen()
    {
        using var directory = new TempDirectory();
        var expected = new Dictionary<string, string>();
        // Small segments and two kept snapshots: the secret is in several segments and in both snapshots.
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path, segmentBytes: 4096), new KeyValueState()))
        {
            for (int i = 0; i < 200; i++)
            {
                await store.AppendAsync(KeyValueState.Set($"k{i % 20}", $"v{i}"));
                expected[$"k{i % 20}"] = $"v{i}";
                if (i % 50 == 0)
                {
                    await store.AppendAsync(KeyValueState.Set("victim", $"{Secret}-{i}"));
                    await store.SnapshotAsync();
                }
            }

            // A file that recovery set aside earlier (a cut-off corrupt tail) holding the secret too.
            await File.WriteAllTextAsync(Path.Combine(StoreTesting.LogDirectory(directory.Path), "00000000000000000001.log.corrupt-99"), Secret);
            Assert.True(FilesWith(directory.Path, Secret) >= 3);

            AppendResult removal = await store.AppendAsync(KeyValueState.Set("victim", ""));
            await store.EraseThroughAsync(removal.FirstSequence);
            Assert.Equal(0, FilesWith(directory.Path, Secret));
            Assert.Single(store.Snapshots);

            await store.AppendAsync(KeyValueState.Set("after", "erasure"));
            expected["after"] = "erasure";
        }

        var reopened = new KeyValueState();
        using (DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path, segmentBytes: 4096), reopened))
        {
            Assert.Equal(1, store.OpenReport.ReplayedRecords);
        }
        Assert.Equal(expected, reopened.Values);
        Assert.Equal(0, FilesWith(directory.Path, Secret));
    }

    [Fact]
    public async Task Concurrent_erasures_share_one_snapshot_and_an_erasure_of_an_empty_active_segment_rolls_nothing()
    {
        using var directory = new TempDirectory();
        using DurableStore store = DurableStore.Open(StoreTesting.Options(directory.Path), new KeyValueState());
        var sequences = new List<long>();
        for (int i = 0; i < 8; i++)
        {
            sequences.Add((await store.AppendAsync(KeyValueState.Set($"k{i}", "v"))).FirstSequence);
        }

        await Task.WhenAll(sequences.Select(s => store.EraseThroughAsync(s)));
        Assert.Equal(8, Assert.Single(store.Snapshots).LastSequence);
        int segments = store.LogStatistics.Segments;
        await store.EraseThroughAsync(8);
        Assert.Equal(segments, store.LogStatistics.Segments);
        Assert.Single(store.Snapshots);
    }

    private static int FilesWith(string directory, string marker)
    {
        byte[] needle = Encoding.UTF8.GetBytes(marker);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "LOCK")
            .Count(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0);
    }
}
