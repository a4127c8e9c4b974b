using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;

namespace Recommender.ClusterHarness;

/// <summary>
/// The whole cluster as real processes on loopback (the services' own build output), each on
/// free ports with its own temporary data directory: what `make run` starts, for tests that must
/// see the real thing, including a service killed with SIGKILL and started again.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string ReadKey = "test-read-key";
    public const string WriteKey = "test-write-key";
    public const string AdminKey = "test-admin-key";
    public const string SlowKey = "test-slow-key";

    private static readonly string[] StartOrder = ["encoder", "candidate-retrieval", "interest-model", "ranking", "gateway"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"recommender-cluster-{Guid.NewGuid():N}");
    private readonly Dictionary<string, ServiceProcess> _services = new();
    private readonly IReadOnlyDictionary<string, string[]> _extraSettings;

    private Cluster(IReadOnlyDictionary<string, string[]> extraSettings)
    {
        _extraSettings = extraSettings;
    }

    public GrpcChannel Gateway { get; private set; } = null!;

    public int GatewayGrpcPort => _services["gateway"].GrpcPort;

    public int GatewayHttpPort => _services["gateway"].HttpPort;

    public ServiceProcess this[string name] => _services[name];

    /// <summary>Starts every service, then the gateway (with extra settings, e.g. breaker thresholds).</summary>
    public static Task<Cluster> StartAsync(params string[] gatewaySettings) =>
        StartAsync(new Dictionary<string, string[]> { ["gateway"] = gatewaySettings });

    /// <summary>
    /// Starts every service, then the gateway; <paramref name="extraSettings"/> adds <c>Section:Key=value</c> settings
    /// by service name (encoder, candidate-retrieval, interest-model, ranking, gateway), after the defaults so they win.
    /// </summary>
    public static async Task<Cluster> StartAsync(IReadOnlyDictionary<string, string[]> extraSettings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cluster = new Cluster(extraSettings);
            try
            {
                await cluster.StartAllAsync();
                return cluster;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // A free port was taken by another process between FreePort and the service's bind: start again on new ports.
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    private async Task StartAllAsync()
    {
        Directory.CreateDirectory(_root);
        var models = Path.Combine(_root, "models");
        Directory.CreateDirectory(models);
        // Only the default model: the tests need its semantics, not a second model's load and warm-up.
        Directory.CreateSymbolicLink(Path.Combine(models, Repository.DefaultModel), Path.Combine(Repository.ModelsDirectory(), Repository.DefaultModel));
        foreach (var name in StartOrder)
        {
            _services[name] = new ServiceProcess(name, Repository.ServiceAssembly(name), FreePort(), FreePort());
        }
        var encoder = _services["encoder"];
        var retrieval = _services["candidate-retrieval"];
        var interests = _services["interest-model"];
        var ranking = _services["ranking"];
        encoder.Settings.Add($"Encoder:Runtime:ModelsRoot={models}");
        retrieval.Settings.AddRange([$"CandidateRetrieval:DataDirectory={Path.Combine(_root, "retrieval")}", $"CandidateRetrieval:EncoderAddress={encoder.GrpcAddress}"]);
        interests.Settings.AddRange([$"InterestModel:DataDirectory={Path.Combine(_root, "interests")}", $"InterestModel:CatalogAddress={retrieval.GrpcAddress}"]);
        ranking.Settings.Add($"Ranking:WeightsPath={Path.Combine(_root, "no-weights.json")}");
        var gateway = _services["gateway"];
        gateway.Settings.AddRange([
            $"Gateway:Services:encoder:Destinations:0:Address={encoder.GrpcAddress}",
            $"Gateway:Services:candidate-retrieval:Destinations:0:Address={retrieval.GrpcAddress}",
            $"Gateway:Services:interest-model:Destinations:0:Address={interests.GrpcAddress}",
            $"Gateway:Services:ranking:Destinations:0:Address={ranking.GrpcAddress}",
            $"Gateway:Services:encoder:Destinations:0:MetricsAddress=http://127.0.0.1:{encoder.HttpPort}",
            $"Gateway:Services:candidate-retrieval:Destinations:0:MetricsAddress=http://127.0.0.1:{retrieval.HttpPort}",
            $"Gateway:Services:interest-model:Destinations:0:MetricsAddress=http://127.0.0.1:{interests.HttpPort}",
            $"Gateway:Services:ranking:Destinations:0:MetricsAddress=http://127.0.0.1:{ranking.HttpPort}",
            "Gateway:Auth:Keys:0:Name=reader", $"Gateway:Auth:Keys:0:Key={ReadKey}", "Gateway:Auth:Keys:0:Roles:0=read",
            "Gateway:Auth:Keys:1:Name=writer", $"Gateway:Auth:Keys:1:Key={WriteKey}", "Gateway:Auth:Keys:1:Roles:0=read", "Gateway:Auth:Keys:1:Roles:1=write",
            "Gateway:Auth:Keys:2:Name=admin", $"Gateway:Auth:Keys:2:Key={AdminKey}", "Gateway:Auth:Keys:2:Roles:0=read", "Gateway:Auth:Keys:2:Roles:1=write", "Gateway:Auth:Keys:2:Roles:2=admin",
            "Gateway:Auth:Keys:2:PermitsPerSecond=100000", "Gateway:Auth:Keys:2:Burst=100000",
            "Gateway:Auth:Keys:3:Name=slow", $"Gateway:Auth:Keys:3:Key={SlowKey}", "Gateway:Auth:Keys:3:Roles:0=read",
            "Gateway:Auth:Keys:3:PermitsPerSecond=1", "Gateway:Auth:Keys:3:Burst=3"]);
        foreach (var name in StartOrder)
        {
            _services[name].Settings.AddRange(_extraSettings.GetValueOrDefault(name, []));
        }
        foreach (var name in StartOrder)
        {
            _services[name].Start(Path.Combine(_root, "logs"));
        }
        foreach (var name in StartOrder)
        {
            await _services[name].WaitReadyAsync(TimeSpan.FromMinutes(2));
        }
        Gateway = GrpcChannel.ForAddress($"http://127.0.0.1:{GatewayGrpcPort}");
    }

    /// <summary>Metadata with an API key.</summary>
    public static Metadata Key(string key) => new() { { "x-api-key", key } };

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var service in _services.Values)
        {
            service.Kill();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        await Task.CompletedTask;
    }

    private static readonly HashSet<int> GivenPorts = new();

    /// <summary>
    /// A loopback port free now and not given before in this process, below Linux's ephemeral range (32768 and up):
    /// a port the kernel hands out for binding to 0 can be taken as the local port of any outgoing connection before
    /// the service that is meant to bind it has started.
    /// </summary>
    public static int FreePort()
    {
        lock (GivenPorts)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (GivenPorts.Contains(port))
                {
                    continue;
                }
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                }
                catch (SocketException)
                {
                    continue;
                }
                GivenPorts.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException("No free loopback port between 20000 and 32000.");
    }
}

/// <summary>One service process of the cluster.</summary>
public sealed class ServiceProcess(string name, string assembly, int grpcPort, int httpPort)
{
    private Process? _process;
    private string _logDirectory = "";

    public string Name { get; } = name;

    public int GrpcPort { get; } = grpcPort;

    public int HttpPort { get; } = httpPort;

    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    public List<string> Settings { get; } = new();

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process id while it runs (for the load bench's memory and CPU readings).</summary>
    public int? Pid => IsRunning ? _process!.Id : null;

    /// <summary>The process's output (stdout and stderr), appended across restarts.</summary>
    public string LogPath => Path.Combine(_logDirectory, $"{Name}.log");

    public void Start(string logDirectory)
    {
        _logDirectory = logDirectory;
        Directory.CreateDirectory(logDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add($"--Hosting:GrpcPort={GrpcPort}");
        start.ArgumentList.Add($"--Hosting:HttpPort={HttpPort}");
        foreach (var setting in Settings)
        {
            start.ArgumentList.Add("--" + setting);
        }
        _process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(logDirectory, $"{Name}.log"), append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_process is { HasExited: true })
            {
                _process.WaitForExit(); // lets the redirected output reach the log before its tail is read
                var log = Path.Combine(_logDirectory, $"{Name}.log");
                var portTaken = File.Exists(log) && File.ReadAllText(log).Contains("address already in use", StringComparison.OrdinalIgnoreCase);
                throw new InvalidOperationException(
                    $"{Name} exited with {_process.ExitCode} during start{(portTaken ? " (its port was taken: address already in use)" : "")}: {Tail()}");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{HttpPort}/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}: {Tail()}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async Task RestartAsync()
    {
        Kill();
        Start(_logDirectory);
        await WaitReadyAsync(TimeSpan.FromMinutes(2));
    }

    private string Tail()
    {
        var path = Path.Combine(_logDirectory, $"{Name}.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(15)) : "(no log)";
    }
}

/// <summary>Paths inside the repository this test runs from.</summary>
public static class Repository
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Recommender.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Recommender.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The encoder's default model (the one `make run` serves).</summary>
    public const string DefaultModel = "all-minilm-l6-v2";

    /// <summary>The models folder `make models` writes; written here if the default model is missing.</summary>
    public static string ModelsDirectory()
    {
        var models = Path.Combine(Root(), "models");
        if (!File.Exists(Path.Combine(models, DefaultModel, "model.onnx")))
        {
            var build = Process.Start(new ProcessStartInfo(Path.Combine(Root(), "services/Encoder/ModelBuilding/build_models.sh"), [models, DefaultModel]))!;
            build.WaitForExit();
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException("Building the default model failed; run make models.");
            }
        }
        return models;
    }

    /// <summary>A service's assembly in the same build configuration as this test.</summary>
    public static string ServiceAssembly(string name)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var (folder, assembly) = name switch
        {
            "encoder" => ("services/Encoder", "Recommender.Encoder"),
            "candidate-retrieval" => ("services/CandidateRetrieval", "Recommender.CandidateRetrieval"),
            "interest-model" => ("services/InterestModel", "Recommender.InterestModel"),
            "ranking" => ("services/Ranking", "Recommender.Ranking"),
            "gateway" => ("gateway", "Recommender.Gateway"),
            _ => throw new ArgumentException(name),
        };
        var path = Path.Combine(Root(), folder, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build the solution first.", path);
    }
}
