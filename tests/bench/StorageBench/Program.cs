// Acknowledged appends per second of the record log at several concurrency levels, with group
// commit, and the fsyncs it took; with --redis, the embedded store beside the shared Redis store with one and
// two replicas. Prints markdown tables. See BenchOptions.Usage for arguments.
using Recommender.StorageBench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

Directory.CreateDirectory(options.Directory);
Console.WriteLine($"Machine: {MachineDescription.Describe(options.Directory)}");
Console.WriteLine($"Command: dotnet run -c Release --project tests/bench/StorageBench -- {string.Join(' ', args)}".TrimEnd());
Console.WriteLine($"Records of {options.RecordBytes} bytes, one record per append, each appender waits for its acknowledgement; "
    + $"{options.Seconds:0.#} s measured after 1 s warm-up per row.");
Console.WriteLine();
Console.WriteLine("| appenders | fsync | acknowledged appends/s | fsyncs | appends per fsync | p50 latency ms | p99 latency ms |");
Console.WriteLine("|---:|:---:|---:|---:|---:|---:|---:|");

var rows = options.Appenders.Select(a => (Appenders: a, Fsync: true)).ToList();
if (options.IncludeNoFsync)
{
    rows.Add((options.Appenders.Max(), false));
}

foreach ((int appenders, bool fsync) in rows)
{
    AppendRunResult result = await AppendRun.MeasureAsync(
        Path.Combine(options.Directory, $"run-{appenders}-{(fsync ? "fsync" : "nofsync")}"), appenders, options.RecordBytes, options.Seconds, fsync);
    string perFsync = result.Fsyncs > 0 ? $"{(double)result.Appends / result.Fsyncs:0.0}" : "-";
    Console.WriteLine($"| {appenders} | {(fsync ? "on" : "off")} | {result.AppendsPerSecond:N0} | {result.Fsyncs:N0} | {perFsync} | "
        + $"{result.P50Milliseconds:0.00} | {result.P99Milliseconds:0.00} |");
}

if (options.Redis is { } redis)
{
    // The shared store (Redis, appendfsync always) beside the embedded one, whole stores with their apply step.
    Console.WriteLine();
    Console.WriteLine($"Whole stores, Redis at {redis}: each append waits until it is durable and applied by its replica.");
    Console.WriteLine();
    Console.WriteLine("| store | replicas | appenders | acknowledged appends/s | p50 latency ms | p99 latency ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    foreach (int appenders in options.Appenders)
    {
        foreach ((string store, int replicas) in new[] { ("embedded", 1), ("redis", 1), ("redis", 2) })
        {
            AppendRunResult result = await SharedStoreRun.MeasureAsync(store == "redis" ? redis : null,
                Path.Combine(options.Directory, $"store-{appenders}"), replicas, appenders, options.RecordBytes, options.Seconds);
            Console.WriteLine($"| {store} | {replicas} | {appenders} | {result.AppendsPerSecond:N0} | {result.P50Milliseconds:0.00} | {result.P99Milliseconds:0.00} |");
        }
    }
}

Directory.Delete(options.Directory, recursive: true);
return 0;
