// Crash-test child process. Usage:
//   append <dataDir> <writers> <recordBytes> <writerIdBase>
//       appends batches of 1-3 self-checking records from <writers> concurrent tasks and prints
//       "ack <writer> <firstCounter> <count> <firstSequence>" after each batch is durable, until
//       killed (or 60 s pass). Small segments and frequent snapshots put crashes everywhere.
//   hold <dataDir>
//       opens the store, prints "ready" and waits to be killed (for the lock test).
using Recommender.Storage;
using Recommender.Storage.CrashProbe;

if (args.Length < 2 || (args[0] != "append" && args[0] != "hold"))
{
    Console.Error.WriteLine("usage: append <dataDir> <writers> <recordBytes> <writerIdBase> | hold <dataDir>");
    return 2;
}

var options = new DurableStoreOptions
{
    DataDirectory = args[1],
    SnapshotsToKeep = 2,
    SnapshotAfterLogBytes = 96 * 1024,
    Log = new RecordLogOptions { SegmentBytes = 32 * 1024 },
};
var state = new ProbeState();
using DurableStore store = DurableStore.Open(options, state);
Console.WriteLine($"ready {store.LastAppliedSequence} {store.OpenReport.Log.TornTailBytes}");
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

if (args[0] == "hold")
{
    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { });
    return 0;
}

int writers = int.Parse(args[2]);
int recordBytes = int.Parse(args[3]);
int writerIdBase = int.Parse(args[4]);
var tasks = Enumerable.Range(writerIdBase, writers).Select(writer => Task.Run(async () =>
{
    long counter = 0;
    while (!stop.IsCancellationRequested)
    {
        int count = 1 + (int)(counter % 3);
        var batch = new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < count; i++)
        {
            batch[i] = ProbeRecord.Encode(writer, counter + i, recordBytes);
        }

        AppendResult result = await store.AppendAsync(batch);
        Console.WriteLine($"ack {writer} {counter} {count} {result.FirstSequence}");
        counter += count;
    }
})).ToArray();
await Task.WhenAll(tasks);
return 0;
