using Recommender.InterestModel.Tests.Infrastructure;
using static Recommender.InterestModel.Tests.Infrastructure.Events;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests;

/// <summary>
/// Erasure that erases: after DeleteUser (and after a kill -9 and restart), no file in the data directory holds a
/// byte of the deleted user's events. The user's id and event ids carry a planted marker; every file is scanned for
/// it. A second user's id is the control: the same scan finds it, so an empty result is not a blind scanner.
/// </summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private const string Planted = "Q7ZX-planted";
    private const string Control = "K9WV-control";
    private readonly TempDirectory data = new();
    private CatalogStandIn catalog = null!;

    public async Task InitializeAsync()
    {
        catalog = await CatalogStandIn.StartAsync();
        for (var i = 0; i < 8; i++)
        {
            catalog.Put($"item{i}", $"Item {i}", $"Top{i % 2}/Sub{i % 4}", i, 1, 0);
        }
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Deleted_users_events_leave_no_byte_in_any_data_file_after_delete_and_restart()
    {
        // Small segments and frequent snapshots: the user's events are spread over several segments and snapshots.
        string[] settings = ["InterestModel:Storage:SnapshotAfterLogBytes=8192", "InterestModel:Storage:Log:SegmentBytes=16384",
            "InterestModel:Storage:SnapshotsToKeep=2"];
        var erased = $"user-{Planted}";
        var kept = $"user-{Control}";
        await using (var service = await InterestModelProcess.StartAsync(data.Path, catalog.Address, settings))
        {
            for (var batch = 0; batch < 40; batch++)
            {
                await service.Client.RecordEventsAsync(Batch(
                    View($"{Planted}-{batch}-a", erased, $"item{batch % 8}"),
                    View($"{Planted}-{batch}-b", erased, "item-not-in-catalog-yet"),
                    View($"{Control}-{batch}", kept, $"item{(batch + 3) % 8}")));
            }
            Assert.True(CountFilesWith(Planted) >= 2, $"the planted events should be on disk before the deletion:\n{Listing()}");

            var deletion = await service.Client.DeleteUserAsync(new Proto.DeleteUserRequest { UserId = erased });
            Assert.True(deletion.Existed);
            Assert.Equal(80, deletion.EventsDeleted);
            Assert.Equal(0, CountFilesWith(Planted));
            Assert.True(CountFilesWith(Control) >= 1, $"the control user should still be on disk:\n{Listing()}");

            await service.Client.RecordEventsAsync(Batch(View($"{Control}-after", kept, "item1")));
            service.Kill();
        }

        Assert.Equal(0, CountFilesWith(Planted));
        await using (var service = await InterestModelProcess.StartAsync(data.Path, catalog.Address, settings))
        {
            var gone = await service.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = erased });
            Assert.True(gone.ColdStart);
            Assert.Equal(0, gone.PendingEventCount);
            var still = await service.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = kept });
            Assert.Equal(41, still.EventCount);
        }
        Assert.Equal(0, CountFilesWith(Planted));
        Assert.True(CountFilesWith(Control) >= 1);
    }

    private int CountFilesWith(string marker) => DataFiles.Containing(data.Path, marker).Count;

    private string Listing() => string.Join('\n', Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories)
        .Select(path => $"{Path.GetRelativePath(data.Path, path)} {new FileInfo(path).Length} bytes"));
}
