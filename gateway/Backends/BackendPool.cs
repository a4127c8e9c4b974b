using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Recommender.Gateway.Backends;

/// <summary>
/// One gRPC channel per backend replica. Calls are spread round-robin over the replicas; a replica
/// that just failed with UNAVAILABLE is skipped for a short cooldown while another one exists.
/// </summary>
public sealed class BackendPool : IDisposable
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Replica[]> _replicas = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _next = new(StringComparer.OrdinalIgnoreCase);

    public BackendPool(IOptions<GatewayOptions> options)
    {
        foreach (var (name, backend) in options.Value.Services)
        {
            _replicas[name] = backend.Destinations.Select(d => new Replica(d.Address, GrpcChannel.ForAddress(d.Address))).ToArray();
            _next[name] = 0;
        }
    }

    /// <summary>Every replica of a backend.</summary>
    public IReadOnlyList<Replica> ReplicasOf(string backend) => _replicas[backend];

    /// <summary>The replica the next call to this backend should use.</summary>
    public Replica Pick(string backend)
    {
        var replicas = _replicas.TryGetValue(backend, out var found) ? found : throw new InvalidOperationException($"No backend named '{backend}' is configured.");
        int start;
        lock (_next)
        {
            start = _next[backend];
            _next[backend] = (start + 1) % replicas.Length;
        }
        var now = Environment.TickCount64;
        for (var i = 0; i < replicas.Length; i++)
        {
            var replica = replicas[(start + i) % replicas.Length];
            if (replica.AvailableAt <= now)
            {
                return replica;
            }
        }
        return replicas[start];
    }

    public void Dispose()
    {
        foreach (var replica in _replicas.Values.SelectMany(r => r))
        {
            replica.Channel.Dispose();
        }
    }

    /// <summary>A backend replica.</summary>
    public sealed class Replica(string address, GrpcChannel channel)
    {
        private long _availableAt;

        public string Address { get; } = address;

        public GrpcChannel Channel { get; } = channel;

        public CallInvoker Invoker { get; } = channel.CreateCallInvoker();

        internal long AvailableAt => Interlocked.Read(ref _availableAt);

        /// <summary>The replica could not be reached: prefer the others for a while.</summary>
        public void ReportUnavailable() => Interlocked.Exchange(ref _availableAt, Environment.TickCount64 + (long)Cooldown.TotalMilliseconds);
    }
}
