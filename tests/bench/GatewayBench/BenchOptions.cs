using System.Globalization;

namespace Recommender.Bench.GatewayBench;

/// <summary>The benchmark's settings from the command line, each with its default and its limits.</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        Recommender.Bench.GatewayBench [options]
          --duration S          seconds measured per cell (default 10; 1..600)
          --warmup S            seconds of warm-up before each cell, not measured (default 3; 0..600)
          --concurrency LIST    Recommend concurrencies, closed loop (default 1,16,64; each 1..1024)
          --hop-concurrency L   concurrencies of the gateway-hop comparison (default 1,16; each 1..1024)
          --rest-concurrency N  REST /v1 Recommend at this concurrency, 0 skips it (default 16; 0..1024)
          --k N                 items per Recommend (default 10; 1..100)
          --seed N              seed of the user choice (and of the demo data the bench loads) (default 7)
          --target HOST:PORT    benchmark a running cluster: the gateway's gRPC port (make run: 127.0.0.1:8081)
          --http HOST:PORT      with --target: the gateway's HTTP port for REST (default HOST:8080)
          --direct HOST:PORT    with --target: candidate-retrieval's gRPC port for the direct call (default HOST:50053)
          --api-key KEY         with --target: the key to call with (default demo-admin-key, 5000/s; demo-read-key is 200/s)
          --users N             with --target: users user-0001..user-N are asked for (default 300, make run's demo users)
          --items N             without --target: demo items loaded into the bench's own cluster (default 3000; 10..100000)
          --demo-users N        without --target: demo users loaded (default 300; 1..100000)
          --gateway-setting S   without --target: an extra gateway setting Section:Key=value (repeatable), e.g. Gateway:Auth:Enabled=false
          --cases LIST          which cases run: recommend,rest,hop,capacity,soak (default recommend,rest,hop)
          --nginx PATH          the nginx binary the hop case puts in front of the same backend (default nginx on PATH; "none" leaves it out)
          --capacity-p99 MS     capacity: the highest Recommend rate whose p99 stays under this (default 100; 1..10000)
          --capacity-step S     capacity: seconds per rate step (default 10; 2..600)
          --soak-duration S     soak: seconds at a steady rate (default 600; 10..86400), reported per minute
          --soak-rate R         soak: calls per second; 0 means 70% of the measured capacity (default 0; 0..100000)
          --serve FILE          start the bench's own cluster, write its addresses and process ids to FILE as JSON, and keep it
                                up until SIGTERM, SIGINT or the end of standard input (for tests/load and tests/clients)
          --write-profile-data DIR  write the ghz profiles' data files (tests/load/data) from the demo store, then exit
          --out FILE            also write the markdown report to FILE
        Without --target the bench starts the whole cluster as processes on free loopback ports and loads demo data.
        """;

    public TimeSpan Duration { get; private init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private init; } = TimeSpan.FromSeconds(3);

    public IReadOnlyList<int> Concurrency { get; private init; } = [1, 16, 64];

    public IReadOnlyList<int> HopConcurrency { get; private init; } = [1, 16];

    public int RestConcurrency { get; private init; } = 16;

    public int K { get; private init; } = 10;

    public int Seed { get; private init; } = 7;

    /// <summary>The running gateway's gRPC endpoint; null starts a cluster of the bench's own.</summary>
    public string? Target { get; private init; }

    public string? Http { get; private init; }

    public string? Direct { get; private init; }

    public string ApiKey { get; private init; } = "demo-admin-key";

    public int TargetUsers { get; private init; } = 300;

    public int DemoItems { get; private init; } = 3000;

    public int DemoUsers { get; private init; } = 300;

    public string? OutFile { get; private init; }

    public string? ServeFile { get; private init; }

    public string? ProfileDataDirectory { get; private init; }

    /// <summary>The nginx binary for the hop comparison; null leaves nginx out.</summary>
    public string? Nginx { get; private init; } = "nginx";

    public double CapacityP99Ms { get; private init; } = 100;

    public TimeSpan CapacityStep { get; private init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SoakDuration { get; private init; } = TimeSpan.FromMinutes(10);

    /// <summary>Soak rate in calls per second; 0 means 70% of the measured capacity.</summary>
    public double SoakRate { get; private init; }

    /// <summary>Extra Section:Key=value settings for the gateway of the bench's own cluster.</summary>
    public IReadOnlyList<string> GatewaySettings { get; private init; } = [];

    /// <summary>Which cases run: recommend (gRPC), rest, hop.</summary>
    public IReadOnlySet<string> Cases { get; private init; } = AllCases;

    private static readonly HashSet<string> AllCases = new(StringComparer.Ordinal) { "recommend", "rest", "hop" };

    private static readonly HashSet<string> KnownCases = new(StringComparer.Ordinal) { "recommend", "rest", "hop", "capacity", "soak" };

    /// <summary>The options as given, for the report's command line.</summary>
    public IReadOnlyList<string> Arguments { get; private init; } = [];

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the option and its limit.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var gatewaySettings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !Known.Contains(name[2..]))
            {
                throw new ArgumentException($"Unknown option '{name}'.");
            }
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option '{name}' needs a value.");
            }
            if (name == "--gateway-setting")
            {
                var setting = args[++i];
                gatewaySettings.Add(setting.Contains('=', StringComparison.Ordinal) && setting.Contains(':', StringComparison.Ordinal)
                    ? setting
                    : throw new ArgumentException($"--gateway-setting must be Section:Key=value (was '{setting}')."));
                continue;
            }
            values[name[2..]] = args[++i];
        }
        var target = values.GetValueOrDefault("target");
        var host = target is null ? null : HostPort(target, "target").Host;
        if (target is not null && gatewaySettings.Count > 0)
        {
            throw new ArgumentException("--gateway-setting applies only to the bench's own cluster, not with --target.");
        }
        if (target is not null && values.ContainsKey("serve"))
        {
            throw new ArgumentException("--serve starts the bench's own cluster; it does not go with --target.");
        }
        if (values.TryGetValue("cases", out var listed) && listed.Contains("soak", StringComparison.Ordinal) && !listed.Contains("capacity", StringComparison.Ordinal)
            && Number(values, "soak-rate", 0, 0, 100_000) == 0)
        {
            throw new ArgumentException("--cases soak needs capacity too, or a --soak-rate (its rate is 70% of the measured capacity).");
        }
        if (target is null && (values.ContainsKey("http") || values.ContainsKey("direct") || values.ContainsKey("api-key") || values.ContainsKey("users")))
        {
            throw new ArgumentException("--http, --direct, --api-key and --users go with --target.");
        }
        return new BenchOptions
        {
            Duration = TimeSpan.FromSeconds(Number(values, "duration", 10, 1, 600)),
            Warmup = TimeSpan.FromSeconds(Number(values, "warmup", 3, 0, 600)),
            Concurrency = List(values, "concurrency", [1, 16, 64]),
            HopConcurrency = List(values, "hop-concurrency", [1, 16]),
            RestConcurrency = (int)Number(values, "rest-concurrency", 16, 0, 1024),
            K = (int)Number(values, "k", 10, 1, 100),
            Seed = (int)Number(values, "seed", 7, 0, int.MaxValue),
            Target = target,
            Http = target is null ? null : Check(values.GetValueOrDefault("http", $"{host}:8080"), "http"),
            Direct = target is null ? null : Check(values.GetValueOrDefault("direct", $"{host}:50053"), "direct"),
            ApiKey = values.GetValueOrDefault("api-key", "demo-admin-key"),
            TargetUsers = (int)Number(values, "users", 300, 1, 1_000_000),
            DemoItems = (int)Number(values, "items", 3000, 10, 100_000),
            DemoUsers = (int)Number(values, "demo-users", 300, 1, 100_000),
            OutFile = values.GetValueOrDefault("out"),
            ServeFile = values.GetValueOrDefault("serve"),
            ProfileDataDirectory = values.GetValueOrDefault("write-profile-data"),
            Nginx = values.GetValueOrDefault("nginx", "nginx") is var nginx && nginx == "none" ? null : nginx,
            CapacityP99Ms = Number(values, "capacity-p99", 100, 1, 10_000),
            CapacityStep = TimeSpan.FromSeconds(Number(values, "capacity-step", 10, 2, 600)),
            SoakDuration = TimeSpan.FromSeconds(Number(values, "soak-duration", 600, 10, 86_400)),
            SoakRate = Number(values, "soak-rate", 0, 0, 100_000),
            Cases = CaseSet(values),
            GatewaySettings = gatewaySettings,
            Arguments = args.ToArray(),
        };
    }

    private static readonly HashSet<string> Known =
    [
        "duration", "warmup", "concurrency", "hop-concurrency", "rest-concurrency", "k", "seed", "target", "http", "direct",
        "api-key", "users", "items", "demo-users", "out", "cases", "gateway-setting", "nginx", "capacity-p99", "capacity-step",
        "soak-duration", "soak-rate", "serve", "write-profile-data",
    ];

    private static HashSet<string> CaseSet(Dictionary<string, string> values)
    {
        if (!values.TryGetValue("cases", out var text))
        {
            return AllCases;
        }
        var cases = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return cases.Count > 0 && cases.IsSubsetOf(KnownCases)
            ? cases
            : throw new ArgumentException($"--cases must list some of recommend, rest, hop, capacity, soak (was '{text}').");
    }

    /// <summary>HOST:PORT (an http:// prefix is accepted too) as its host and port.</summary>
    public static (string Host, int Port) HostPort(string value, string option)
    {
        var text = value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? value[7..].TrimEnd('/') : value;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--{option} must be HOST:PORT with a port in 1..65535 (was '{value}').");
        }
        return (text[..colon], port);
    }

    private static string Check(string value, string option)
    {
        HostPort(value, option);
        return value;
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        if (!double.TryParse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"--{name} must be a number in {min}..{max} (was '{text}').");
        }
        return value;
    }

    private static IReadOnlyList<int> List(Dictionary<string, string> values, string name, int[] fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var list = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 1024)
            {
                throw new ArgumentException($"--{name} must be a comma-separated list of concurrencies in 1..1024 (was '{text}').");
            }
            list.Add(value);
        }
        return list.Count > 0 ? list : throw new ArgumentException($"--{name} must name at least one concurrency.");
    }
}
