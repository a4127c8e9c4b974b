namespace Recommender.Hosting;

/// <summary>How a service process listens and stops (configuration section <c>Hosting</c>).</summary>
public sealed class ServiceHostOptions
{
    public const string Section = "Hosting";

    /// <summary>Address both ports bind to. Loopback by default: only the gateway should be reachable from outside.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The gRPC port (HTTP/2 only; cleartext with prior knowledge unless TLS is configured).</summary>
    public int GrpcPort { get; set; }

    /// <summary>The HTTP/1.1 port: /healthz, /readyz, /metrics and any JSON API.</summary>
    public int HttpPort { get; set; }

    /// <summary>PEM certificate for TLS on the gRPC port; empty for cleartext.</summary>
    public string TlsCertificatePath { get; set; } = "";

    /// <summary>PEM private key matching <see cref="TlsCertificatePath"/>.</summary>
    public string TlsKeyPath { get; set; } = "";

    /// <summary>Concurrent HTTP/2 streams per client connection (clients open more connections beyond it).</summary>
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>On stop, health turns NOT_SERVING this long before the ports close, so load balancers move away.</summary>
    public double DrainDelaySeconds { get; set; }

    /// <summary>How long in-flight calls may take to finish once stopping.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>"simple" (one line per entry) or "json" (structured, for log collectors).</summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>One log line per call served, with its trace id (health probes and scrapes excepted).</summary>
    public bool LogCalls { get; set; } = true;

    public void Validate(string serviceName)
    {
        if (GrpcPort is < 1 or > 65535 || HttpPort is < 1 or > 65535 || GrpcPort == HttpPort)
        {
            throw new InvalidOperationException($"{serviceName}: Hosting:GrpcPort ({GrpcPort}) and Hosting:HttpPort ({HttpPort}) must be distinct ports in 1..65535.");
        }
        if (MaxStreamsPerConnection is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"{serviceName}: Hosting:MaxStreamsPerConnection must be in 1..10000 (was {MaxStreamsPerConnection}).");
        }
        if (LogFormat is not ("simple" or "json"))
        {
            throw new InvalidOperationException($"{serviceName}: Hosting:LogFormat must be 'simple' or 'json' (was '{LogFormat}').");
        }
        if (string.IsNullOrEmpty(TlsCertificatePath) != string.IsNullOrEmpty(TlsKeyPath))
        {
            throw new InvalidOperationException($"{serviceName}: Hosting:TlsCertificatePath and Hosting:TlsKeyPath must be set together.");
        }
    }
}

/// <summary>A service's name and default ports (ARCHITECTURE.md, "Ports").</summary>
public sealed record ServiceIdentity(string Name, int DefaultGrpcPort, int DefaultHttpPort)
{
    /// <summary>Settings this service defaults differently from the host (for example larger messages); any configuration source overrides them.</summary>
    public IReadOnlyDictionary<string, string?> Defaults { get; init; } = new Dictionary<string, string?>();
}
