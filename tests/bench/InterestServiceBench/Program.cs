// Acknowledged RecordEvents throughput and latency of the interest-model service over gRPC on loopback (every
// batch fsynced before its answer), at several concurrency levels, then GetInterests latency. Client, service
// and catalog run in this one process. Prints markdown tables.
//   dotnet run -c Release --project tests/bench/InterestServiceBench -- [--seconds 10] [--batch 100] [--users 20000]
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Recommender.Hosting;
using Recommender.InterestModel.Service;
using Recommender.InterestServiceBench;
using Proto = Recommender.Contracts.V1;

var seconds = 10.0;
var batchSize = 100;
var users = 20_000;
const int Items = 20_000;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--batch": batchSize = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--users": users = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}; use --seconds, --batch, --users"); return 2;
    }
}

var dataDirectory = Path.Combine(Path.GetTempPath(), "interest-service-bench-" + Guid.NewGuid().ToString("N"));
var (catalogApp, catalogAddress) = await BenchCatalog.StartAsync(new BenchCatalog(Items, dimension: 100, seed: 1));
var grpcPort = BenchCatalog.FreePort();
var builder = RecommenderHost.CreateBuilder(
    [$"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={BenchCatalog.FreePort()}", $"--InterestModel:DataDirectory={dataDirectory}",
     $"--InterestModel:CatalogAddress={catalogAddress}"],
    InterestModelHosting.Identity);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddInterestModel();
var app = builder.Build();
app.MapRecommenderDefaults().MapInterestModel();
await app.StartAsync();

using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
var client = new Proto.InterestModel.InterestModelClient(channel);
await WaitReadyAsync(client);

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
    + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start");
Console.WriteLine($"Command: dotnet run -c Release --project tests/bench/InterestServiceBench -- {string.Join(' ', args)}".TrimEnd());
Console.WriteLine($"{users:N0} users, {Items:N0} items (3-level tree, 100-d vectors), batches of {batchSize} views; fsync on; "
    + $"{seconds:0.#} s per row after 1 s warm-up; client, service and catalog in one process.");
Console.WriteLine();
Console.WriteLine("| concurrent writers | events/s acknowledged | batches/s | p50 batch ms | p99 batch ms |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
var eventSequence = 0L;
foreach (var writers in new[] { 1, 8, 32 })
{
    var (count, latencies) = await RunAsync(writers, async random =>
    {
        var request = new Proto.RecordEventsRequest();
        for (var e = 0; e < batchSize; e++)
        {
            request.Events.Add(new Proto.Event
            {
                EventId = $"ev-{Interlocked.Increment(ref eventSequence)}",
                UserId = $"user-{random.Next(users)}",
                ItemId = BenchCatalog.ItemId(random.Next(Items)),
                Action = Proto.Action.View,
                Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-random.Next(0, 60 * 24 * 30))),
            });
        }
        await client.RecordEventsAsync(request);
    });
    Console.WriteLine($"| {writers} | {count * batchSize / seconds:N0} | {count / seconds:N0} | {Percentile(latencies, 0.5):0.0} | {Percentile(latencies, 0.99):0.0} |");
}

Console.WriteLine();
Console.WriteLine("| concurrent readers | GetInterests/s | p50 ms | p99 ms |");
Console.WriteLine("|---:|---:|---:|---:|");
foreach (var readers in new[] { 1, 8 })
{
    var (count, latencies) = await RunAsync(readers, async random =>
        await client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = $"user-{random.Next(users)}" }));
    Console.WriteLine($"| {readers} | {count / seconds:N0} | {Percentile(latencies, 0.5):0.0} | {Percentile(latencies, 0.99):0.0} |");
}

await app.StopAsync();
await catalogApp.StopAsync();
Directory.Delete(dataDirectory, recursive: true);
return 0;

async Task<(long Count, List<double> Latencies)> RunAsync(int concurrency, Func<Random, Task> call)
{
    var warmUntil = DateTime.UtcNow.AddSeconds(1);
    var measureUntil = warmUntil.AddSeconds(seconds);
    var tasks = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
    {
        var random = new Random(worker);
        var latencies = new List<double>();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            await call(random);
            var end = DateTime.UtcNow;
            if (end > measureUntil)
            {
                return latencies;
            }
            if (end > warmUntil)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
    })).ToArray();
    var all = (await Task.WhenAll(tasks)).SelectMany(l => l).ToList();
    return (all.Count, all);
}

static double Percentile(List<double> values, double p)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }
    values.Sort();
    return values[Math.Min(values.Count - 1, (int)(p * values.Count))];
}

static async Task WaitReadyAsync(Proto.InterestModel.InterestModelClient client)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            await client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "probe" });
            return;
        }
        catch (Grpc.Core.RpcException) when (attempt < 100)
        {
            await Task.Delay(100);
        }
    }
}
