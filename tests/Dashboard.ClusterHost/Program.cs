using System.Diagnostics;
using System.Text.Json;
using Recommender.ClusterHarness;

// Usage: Recommender.Dashboard.ClusterHost [--items N] [--users N]
// Prints one JSON line {"gateway": "...", "readKey": "...", ...} once the demo store is loaded.
var items = ArgOr("--items", "600");
var users = ArgOr("--users", "40");
// Generous timeouts: the test checks what the dashboard shows, on CI machines that may be busy.
await using var cluster = await Cluster.StartAsync("Gateway:Resilience:WriteTimeoutMs=60000", "Gateway:Resilience:ReadTimeoutMs=10000", "Gateway:StatusTimeoutMs=10000", "Gateway:RestTimeoutMs=30000");
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
var loader = Path.Combine(Repository.Root(), "gateway", "DemoData", "bin", configuration, "net10.0", "Recommender.DemoData.dll");
var load = Process.Start(new ProcessStartInfo("dotnet",
    [loader, "--gateway", $"http://127.0.0.1:{cluster.GatewayGrpcPort}", "--api-key", Cluster.AdminKey, "--items", items, "--users", users])
{
    RedirectStandardOutput = true,
})!;
var loaded = await load.StandardOutput.ReadToEndAsync();
await load.WaitForExitAsync();
if (load.ExitCode != 0)
{
    Console.Error.WriteLine($"loading the demo store failed ({load.ExitCode}): {loaded}");
    return 1;
}
Console.Error.Write(loaded);
Console.WriteLine(JsonSerializer.Serialize(new
{
    gateway = $"http://127.0.0.1:{cluster.GatewayHttpPort}",
    readKey = Cluster.ReadKey,
    adminKey = Cluster.AdminKey,
}));
while (Console.ReadLine() is { } line)
{
    var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
    switch (parts)
    {
        case ["stop", var name]:
            cluster[name].Kill();
            Console.WriteLine($"stopped {name}");
            break;
        case ["start", var name]:
            await cluster[name].RestartAsync();
            Console.WriteLine($"started {name}");
            break;
        default:
            Console.WriteLine($"unknown command: {line}");
            break;
    }
}
return 0;

string ArgOr(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
