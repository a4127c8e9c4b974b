using System.Collections.Concurrent;
using System.Diagnostics;
using Recommender.Storage.CrashProbe;

namespace Recommender.Storage.Tests;

/// <summary>
/// Real crashes: a child process appends as fast as it can, printing every acknowledgement, and
/// is killed with SIGKILL at a random moment (mid-write, mid-fsync, mid-snapshot, mid-segment
/// roll). After each kill every acknowledged record must be back, intact, at its sequence number.
/// </summary>
public sealed class CrashTests
{
    private const int Rounds = 4;

    [Fact]
    public void EveryAcknowledgedRecordSurvivesKillMinus9()
    {
        using var directory = new TempDirectory();
        var acknowledged = new Dictionary<long, (int Writer, long Counter)>();
        var random = new Random(41);
        for (int round = 0; round < Rounds; round++)
        {
            int killAfter = random.Next(150, 1200);
            List<string> lines = RunProbeUntilKilled(["append", directory.Path, "16", "200", $"{round * 1000}"], killAfter);
            Assert.StartsWith("ready ", lines[0]);
            int acks = 0;
            foreach (string line in lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)))
            {
                string[] parts = line.Split(' ');
                int writer = int.Parse(parts[1]);
                long firstCounter = long.Parse(parts[2]);
                int count = int.Parse(parts[3]);
                long firstSequence = long.Parse(parts[4]);
                for (int i = 0; i < count; i++)
                {
                    acknowledged.Add(firstSequence + i, (writer, firstCounter + i));
                }

                acks++;
            }

            Assert.True(acks >= killAfter, $"round {round}: the probe was killed after only {acks} acknowledgements");

            // Reopen in this process: ProbeState.Apply throws on any record that is not intact.
            var state = new ProbeState();
            using (DurableStore store = DurableStore.Open(ProbeOptions(directory.Path), state))
            {
                Assert.Equal(Enumerable.Range(1, (int)store.LastAppliedSequence).Select(i => (long)i), state.Records.Keys.Order());
                foreach ((long sequence, (int Writer, long Counter) key) in acknowledged)
                {
                    Assert.True(state.Records.TryGetValue(sequence, out var found), $"round {round}: acknowledged record {sequence} is missing");
                    Assert.Equal(key, found);
                }

                Assert.Equal(state.Records.Count, state.Records.Values.Distinct().Count());
            }
        }
    }

    [Fact]
    public void AStoreHeldByAnotherProcessCannotBeOpenedUntilThatProcessDies()
    {
        using var directory = new TempDirectory();
        using Process probe = StartProbe(["hold", directory.Path]);
        try
        {
            string? ready = probe.StandardOutput.ReadLine();
            Assert.StartsWith("ready", ready);
            Assert.Throws<DataDirectoryLockedException>(() => DurableStore.Open(ProbeOptions(directory.Path), new ProbeState()));
        }
        finally
        {
            probe.Kill(entireProcessTree: true);
            probe.WaitForExit();
        }

        using (DurableStore.Open(ProbeOptions(directory.Path), new ProbeState()))
        {
        }
    }

    /// <summary>The probe's own settings (see its Program.cs), so reopening here behaves the same.</summary>
    private static DurableStoreOptions ProbeOptions(string directory) => new()
    {
        DataDirectory = directory,
        SnapshotsToKeep = 2,
        SnapshotAfterLogBytes = 0,
        Log = new RecordLogOptions { SegmentBytes = 32 * 1024 },
    };

    private static List<string> RunProbeUntilKilled(string[] arguments, int killAfterAcks)
    {
        using Process probe = StartProbe(arguments);
        var lines = new ConcurrentQueue<string>();
        var enough = new ManualResetEventSlim();
        int acks = 0;
        probe.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lines.Enqueue(line.Data);
            if (line.Data.StartsWith("ack ", StringComparison.Ordinal) && Interlocked.Increment(ref acks) >= killAfterAcks)
            {
                enough.Set();
            }
        };
        var errors = new ConcurrentQueue<string>();
        probe.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                errors.Enqueue(line.Data);
            }
        };
        probe.BeginOutputReadLine();
        probe.BeginErrorReadLine();
        bool reached = enough.Wait(TimeSpan.FromSeconds(30));
        probe.Kill(entireProcessTree: true); // SIGKILL on Unix
        probe.WaitForExit(); // also waits until the output pipe is drained
        Assert.True(reached, $"the probe did not reach {killAfterAcks} acknowledgements: {string.Join('\n', errors)}");
        return lines.ToList();
    }

    private static Process StartProbe(string[] arguments)
    {
        string probeDll = Path.Combine(AppContext.BaseDirectory, "Recommender.Storage.CrashProbe.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(probeDll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash probe");
    }
}
