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
if (options.ProfileDataDirectory is not null)
{
    ProfileData.Write(options.ProfileDataDirectory, options);
    progress.WriteLine($"profile data written to {options.ProfileDataDirectory}");
    return 0;
}
if (options.ServeFile is not null)
{
    try
    {
        return await ServeMode.RunAsync(options, options.ServeFile, progress);
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or Grpc.Core.RpcException)
    {
        progress.WriteLine($"The cluster could not be started: {e.Message}");
        return 1;
    }
}
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
    using var nginx = options.Cases.Contains("hop") && options.Nginx is not null
        ? await NginxProxy.StartAsync(options.Nginx, target.DirectRetrieval, target.GatewayHttp)
        : null;
    if (nginx is not null)
    {
        calls.UseNginx(nginx);
    }
    var hop = await measurements.HopAsync(nginx is not null);
    var restHop = nginx is null ? null : await measurements.RestHopAsync();
    var capacity = options.Cases.Contains("capacity") ? await new Capacity(options, calls, progress).MeasureAsync() : null;
    SoakResult? soak = null;
    if (options.Cases.Contains("soak"))
    {
        var rate = options.SoakRate > 0 ? options.SoakRate : 0.7 * (capacity?.Rate ?? 0);
        if (rate <= 0)
        {
            progress.WriteLine($"No soak: the capacity search found no rate with p99 under {options.CapacityP99Ms} ms.");
        }
        else
        {
            soak = await new Soak(options, calls, cluster is null ? [] : ClusterProcesses.Of(cluster).ToList(), progress).RunAsync(rate);
        }
    }
    var report = MarkdownReport.Render(options, target, loadBefore, MachineInfo.LoadAverage(), recommend, rest, hop, nginx is null ? null : NginxProxy.Version(options.Nginx!))
        + (restHop is null ? "" : MarkdownReport.RenderRestHop(restHop))
        + LoadReport.Render(options, capacity, soak);
    Console.Write(report);
    if (options.OutFile is not null)
    {
        await File.WriteAllTextAsync(options.OutFile, report);
        progress.WriteLine($"report written to {options.OutFile}");
    }
    var failed = recommend.Sum(r => r.Result.FailureCount) + (rest?.FailureCount ?? 0)
        + hop.Sum(h => h.ViaGateway.FailureCount + h.Direct.FailureCount + (h.Nginx?.FailureCount ?? 0))
        + (restHop is null ? 0 : restHop.Rest.FailureCount + restHop.RestViaNginx.FailureCount + restHop.Grpc.FailureCount)
        + (soak?.Minutes.Sum(m => m.FailureCount) ?? 0);
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
