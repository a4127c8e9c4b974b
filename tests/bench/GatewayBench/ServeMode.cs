using System.Runtime.InteropServices;
using System.Text.Json;
using Recommender.ClusterHarness;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// --serve FILE: the bench's own cluster with the demo store, kept up for other programs (the ghz
/// profiles and the clients in tests/load and tests/clients): writes the addresses and process ids
/// to FILE as JSON, then waits for SIGTERM, SIGINT or the end of standard input, and stops the cluster.
/// </summary>
public static class ServeMode
{
    public static async Task<int> RunAsync(BenchOptions options, string infoFile, TextWriter progress)
    {
        var (cluster, target) = await LocalCluster.StartAsync(options, progress);
        await using (cluster)
        {
            var stop = new TaskCompletionSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
            _ = Task.Run(async () =>
            {
                await Console.OpenStandardInput().CopyToAsync(Stream.Null);
                stop.TrySetResult();
            });
            var info = new Dictionary<string, object>
            {
                ["gateway"] = $"127.0.0.1:{cluster.GatewayGrpcPort}",
                ["http"] = $"127.0.0.1:{cluster.GatewayHttpPort}",
                ["encoder"] = $"127.0.0.1:{cluster["encoder"].GrpcPort}",
                ["candidateRetrieval"] = $"127.0.0.1:{cluster["candidate-retrieval"].GrpcPort}",
                ["users"] = target.UserIds.Count,
                ["items"] = target.ItemIds.Count,
                ["pids"] = ClusterProcesses.Of(cluster).ToDictionary(p => p.Name, p => p.Pid),
            };
            var temporary = infoFile + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(info));
            File.Move(temporary, infoFile, overwrite: true);
            progress.WriteLine($"cluster up; addresses in {infoFile}; stop with SIGTERM or by closing standard input");
            await stop.Task;
            progress.WriteLine("stopping the cluster");
        }
        return 0;
    }
}
