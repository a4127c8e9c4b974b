using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Net.Client;
using Grpc.Testing;
using Grpc.Core;
using Recommender.Bench.Grpc;

// Unary echo on loopback, in one run: a plain Kestrel HTTP/2 POST echo (the floor), our C# gRPC
// client and server, and grpc-go's client against our server; closed-loop at several concurrencies.
// Usage: GrpcBench [--concurrency 1,16,64] [--seconds 5] [--warmup 2] [--payload 100] [--go PATH]
//        GrpcBench server GRPC_PORT HTTP_PORT   (the server process it starts itself)
if (args is ["server", var grpcPortText, var httpPortText])
{
    BenchServer.Run(int.Parse(grpcPortText, CultureInfo.InvariantCulture), int.Parse(httpPortText, CultureInfo.InvariantCulture));
    return 0;
}

var options = ParseOptions(args);
var concurrencies = options.GetValueOrDefault("concurrency", "1,16,64").Split(',').Select(int.Parse).ToArray();
var seconds = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("seconds", "5"), CultureInfo.InvariantCulture));
var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "2"), CultureInfo.InvariantCulture));
var payloadSize = int.Parse(options.GetValueOrDefault("payload", "100"), CultureInfo.InvariantCulture);
var goLoadgen = options.GetValueOrDefault("go", Path.Combine(RepoRoot(), "tests/interop/go/bin/interop_loadgen"));
var cases = options.GetValueOrDefault("cases", "plain,ours,raw,go").Split(',').ToHashSet();
var none = new LoadResult(double.NaN, double.NaN, double.NaN, 0);

var grpcPort = FreePort();
var httpPort = FreePort();
using var server = Process.Start(new ProcessStartInfo("dotnet", [typeof(BenchServer).Assembly.Location, "server", grpcPort.ToString(CultureInfo.InvariantCulture), httpPort.ToString(CultureInfo.InvariantCulture)])
{
    RedirectStandardOutput = true,
})!;
try
{
    await WaitForPortAsync(grpcPort);
    var address = new Uri($"http://127.0.0.1:{grpcPort}");
    using var channel = GrpcChannel.ForAddress(address);
    var invoker = channel.CreateCallInvoker();
    var request = new Payload { Body = ByteString.CopyFrom(new byte[payloadSize]) };
    using var http = new HttpMessageInvoker(new SocketsHttpHandler { EnableMultipleHttp2Connections = true });
    var echoBody = new byte[request.CalculateSize() + 5];
    var echoUri = new Uri(address, "/echo");
    var unaryUri = new Uri(address, EchoService.EchoMethod.FullName);
    var framedRequest = new byte[5 + request.CalculateSize()];
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(framedRequest.AsSpan(1), (uint)request.CalculateSize());
    request.WriteTo(framedRequest.AsSpan(5));

    Console.WriteLine($"# unary echo on loopback ({payloadSize}-byte payloads), {seconds.TotalSeconds} s per cell after {warmup.TotalSeconds} s warm-up");
    Console.WriteLine($"# machine: {MachineDescription()}");
    Console.WriteLine($"# command: make bench (dotnet tests/bench/GrpcBench/bin/Release/net10.0/GrpcBench.dll {string.Join(' ', args)})");
    Console.WriteLine();
    Console.WriteLine("| concurrency | plain HTTP/2 echo calls/s | p50 ms | p99 ms | our C# gRPC calls/s | p50 ms | p99 ms | ours / plain | grpc-go client calls/s | p50 ms | p99 ms |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var cpuRows = new List<string>();
    for (var round = 0; round < 2; round++)
    {
        // Warm-up of every path (JIT, connections, pools) before anything is measured.
        await ClosedLoop.RunAsync(8, TimeSpan.Zero, warmup, server.Id, () => PlainEchoAsync());
        await ClosedLoop.RunAsync(8, TimeSpan.Zero, warmup, server.Id, async () => await invoker.AsyncUnaryCall(EchoService.EchoMethod, null, default, request));
        await ClosedLoop.RunAsync(8, TimeSpan.Zero, warmup, server.Id, () => RawFramesAsync());
    }
    foreach (var concurrency in concurrencies)
    {
        var plain = !cases.Contains("plain") ? none : await ClosedLoop.RunAsync(concurrency, warmup, seconds, server.Id, () => PlainEchoAsync());
        var ours = !cases.Contains("ours") ? none : await ClosedLoop.RunAsync(concurrency, warmup, seconds, server.Id, async () => await invoker.AsyncUnaryCall(EchoService.EchoMethod, null, default, request));
        var rawToOurs = !cases.Contains("raw") ? none : await ClosedLoop.RunAsync(concurrency, warmup, seconds, server.Id, () => RawFramesAsync());
        var go = cases.Contains("go") ? RunGo(goLoadgen, grpcPort, concurrency, payloadSize, warmup, seconds) : null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {plain.CallsPerSecond:F0} | {plain.P50Ms:F3} | {plain.P99Ms:F3} | {ours.CallsPerSecond:F0} | {ours.P50Ms:F3} | {ours.P99Ms:F3} | {ours.CallsPerSecond / plain.CallsPerSecond:P0} | {go?.CallsPerSecond.ToString("F0", CultureInfo.InvariantCulture) ?? "n/a"} | {go?.P50Ms.ToString("F3", CultureInfo.InvariantCulture) ?? "-"} | {go?.P99Ms.ToString("F3", CultureInfo.InvariantCulture) ?? "-"} |"));
        cpuRows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {plain.ClientCpuMicroseconds:F0} | {plain.ServerCpuMicroseconds:F0} | {ours.ClientCpuMicroseconds:F0} | {ours.ServerCpuMicroseconds:F0} | {rawToOurs.CallsPerSecond:F0} | {rawToOurs.ServerCpuMicroseconds:F0} |"));
        if (plain.Errors + ours.Errors + (go?.Errors ?? 0) > 0)
        {
            Console.WriteLine($"  errors: plain {plain.Errors}, ours {ours.Errors}, go {go?.Errors}");
        }
    }
    async Task PlainEchoAsync()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, echoUri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(echoBody),
        };
        using var response = await http.SendAsync(message, CancellationToken.None);
        await response.Content.ReadAsByteArrayAsync();
    }

    // Our server without our client: the plain client sends ready-made gRPC frames (the server's cost alone).
    async Task RawFramesAsync()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, unaryUri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framedRequest),
        };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(message, CancellationToken.None);
        await response.Content.ReadAsByteArrayAsync();
    }

    Console.WriteLine();
    Console.WriteLine("CPU per call (µs), the same runs; the last two columns: a plain HttpClient sending ready-made gRPC frames to our server, i.e. our server's cost alone:");
    Console.WriteLine();
    Console.WriteLine("| concurrency | plain client | plain server | our client | our server | HttpClient frames to our server, calls/s | its server µs/call |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
    cpuRows.ForEach(Console.WriteLine);
    return 0;
}
finally
{
    server.Kill(entireProcessTree: true);
}

static LoadResult? RunGo(string loadgen, int port, int concurrency, int payload, TimeSpan warmup, TimeSpan duration)
{
    if (!File.Exists(loadgen))
    {
        Console.Error.WriteLine($"grpc-go load generator not found at {loadgen} (tests/interop/go/build.sh builds it); skipping the Go column");
        return null;
    }
    var start = new ProcessStartInfo(loadgen, [$"-address=127.0.0.1:{port}", $"-concurrency={concurrency}", $"-payload={payload}",
        $"-warmup={warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s", $"-duration={duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"])
    {
        RedirectStandardOutput = true,
    };
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var json = JsonDocument.Parse(output).RootElement;
    return new LoadResult(json.GetProperty("calls").GetDouble() / json.GetProperty("seconds").GetDouble(),
        json.GetProperty("p50_ms").GetDouble(), json.GetProperty("p99_ms").GetDouble(), json.GetProperty("errors").GetInt32());
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }
    return options;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPortAsync(int port)
{
    for (var attempt = 0; attempt < 200; attempt++)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100);
        }
    }
    throw new TimeoutException($"the bench server did not open port {port}");
}

static string RepoRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Recommender.sln")))
    {
        directory = directory.Parent;
    }
    return directory?.FullName ?? Directory.GetCurrentDirectory();
}

static string MachineDescription()
{
    var model = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return $"{model ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
}
