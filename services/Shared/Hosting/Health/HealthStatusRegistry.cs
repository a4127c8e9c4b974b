using System.Threading.Channels;
using Grpc.Health.V1;

namespace Recommender.Hosting.Health;

/// <summary>The serving status of each service name ("" for the whole server), with change notifications for Watch.</summary>
public sealed class HealthStatusRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, HealthCheckResponse.Types.ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly List<Channel<(string Service, HealthCheckResponse.Types.ServingStatus Status)>> _watchers = new();

    /// <summary>The status, or null for an unknown service.</summary>
    public HealthCheckResponse.Types.ServingStatus? Get(string service)
    {
        lock (_gate)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    public void Set(string service, HealthCheckResponse.Types.ServingStatus status)
    {
        List<Channel<(string, HealthCheckResponse.Types.ServingStatus)>> watchers;
        lock (_gate)
        {
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }
            _statuses[service] = status;
            watchers = _watchers.ToList();
        }
        foreach (var watcher in watchers)
        {
            watcher.Writer.TryWrite((service, status));
        }
    }

    /// <summary>Sets every known service (and "") to the same status.</summary>
    public void SetAll(HealthCheckResponse.Types.ServingStatus status)
    {
        List<string> services;
        lock (_gate)
        {
            services = _statuses.Keys.ToList();
        }
        foreach (var service in services)
        {
            Set(service, status);
        }
    }

    /// <summary>A feed of every status change until the subscription is disposed.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<(string, HealthCheckResponse.Types.ServingStatus)>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
        }
        return new Subscription(this, channel);
    }

    /// <summary>Ends every subscription (server shutdown).</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly HealthStatusRegistry _registry;
        private readonly Channel<(string Service, HealthCheckResponse.Types.ServingStatus Status)> _channel;

        internal Subscription(HealthStatusRegistry registry, Channel<(string, HealthCheckResponse.Types.ServingStatus)> channel)
        {
            _registry = registry;
            _channel = channel;
        }

        public ChannelReader<(string Service, HealthCheckResponse.Types.ServingStatus Status)> Changes => _channel.Reader;

        public void Dispose()
        {
            lock (_registry._gate)
            {
                _registry._watchers.Remove(_channel);
            }
            _channel.Writer.TryComplete();
        }
    }
}
