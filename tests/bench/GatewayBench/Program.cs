using Recommender.Bench.GatewayBench;
using Recommender.ClusterHarness;

// The gateway benchmark (issue 7, "Numbers"): Recommend p50/p99 and calls per second through the
// gateway at several concurrencies, and what the gateway's hop adds to one backend call, in one run.
// Progress goes to stderr, the markdown report to stdout (and --out FILE). See BenchOptions.Usage.
// Exit codes: 0 all calls succeeded, 1 the cluster could not be started or reached, 2 bad options, 3 some calls failed.
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var progress = Console.Error;
Cluster? cluster = null;
try
{
    BenchTarget target;
    try
    {
        if (options.Target is null)
        {
            (cluster, target) = await LocalCluster.StartAsync(options, progress);
        }
        else
        {
            target = await RunningCluster.ConnectAsync(options, progress);
        }
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or Grpc.Core.RpcException)
    {
        progress.WriteLine($"The cluster could not be started or reached: {e.Message}");
        return 1;
    }

    using var calls = new BenchCalls(target, options.K, options.Seed);
    var measurements = new Measurements(options, calls, progress);
    var loadBefore = MachineInfo.LoadAverage();
    var recommend = await measurements.RecommendGrpcAsync();
    var rest = await measurements.RecommendRestAsync();
    var hop = await measurements.HopAsync();
    var report = MarkdownReport.Render(options, target, loadBefore, MachineInfo.LoadAverage(), recommend, rest, hop);
    Console.Write(report);
    if (options.OutFile is not null)
    {
        await File.WriteAllTextAsync(options.OutFile, report);
        progress.WriteLine($"report written to {options.OutFile}");
    }
    var failed = recommend.Sum(r => r.Result.FailureCount) + (rest?.FailureCount ?? 0) + hop.Sum(h => h.ViaGateway.FailureCount + h.Direct.FailureCount);
    if (failed > 0)
    {
        progress.WriteLine($"{failed} calls failed (see the 'failed' columns); RESOURCE_EXHAUSTED means the API key's rate limit throttled the bench.");
    }
    return failed > 0 ? 3 : 0;
}
finally
{
    if (cluster is not null)
    {
        await cluster.DisposeAsync();
    }
}
