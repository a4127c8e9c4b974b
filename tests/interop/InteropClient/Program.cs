using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Interop.Client;

// `Interop.Client --server_host=localhost --server_port=50051 --test_case=large_unary`
// Exit 0 on pass; otherwise "FAIL <case>: <reason>" on stderr and exit 1 (2: bad arguments).
var options = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p[0][2..], p => p[1]);
var host = options.GetValueOrDefault("server_host", "localhost");
if (!options.TryGetValue("test_case", out var testCase) || !int.TryParse(options.GetValueOrDefault("server_port"), out var port)
    || !InteropCases.All.TryGetValue(testCase, out var run))
{
    Console.Error.WriteLine($"usage: Interop.Client --server_host=HOST --server_port=PORT --test_case=CASE; cases: {string.Join(", ", InteropCases.All.Keys)}");
    return 2;
}
using var channel = GrpcChannel.ForAddress($"http://{host}:{port}");
try
{
    await run(channel);
    return 0;
}
catch (Exception ex) when (ex is CaseFailedException or RpcException or InvalidOperationException or OperationCanceledException)
{
    Console.Error.WriteLine($"FAIL {testCase}: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
