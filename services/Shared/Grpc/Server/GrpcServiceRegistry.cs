using Google.Protobuf.Reflection;

namespace Recommender.Rpc.Server;

/// <summary>The services this server serves, with their proto descriptors (for reflection and health).</summary>
public sealed class GrpcServiceRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ServiceDescriptor?> _services = new(StringComparer.Ordinal);

    /// <summary>Full service names, e.g. <c>recsys.v1.Encoder</c>, in registration order.</summary>
    public IReadOnlyList<string> ServiceNames
    {
        get
        {
            lock (_gate)
            {
                return _services.Keys.ToList();
            }
        }
    }

    /// <summary>Descriptors of every registered service that has one.</summary>
    public IReadOnlyList<ServiceDescriptor> Descriptors
    {
        get
        {
            lock (_gate)
            {
                return _services.Values.OfType<ServiceDescriptor>().ToList();
            }
        }
    }

    /// <summary>Raised after a service is added.</summary>
    public event Action<string>? ServiceAdded;

    public bool Contains(string serviceName)
    {
        lock (_gate)
        {
            return _services.ContainsKey(serviceName);
        }
    }

    /// <summary>
    /// Lists a service this server forwards to another (a proxy's routes), so reflection describes
    /// it; the forwarding itself is the proxy's business.
    /// </summary>
    public void AddForwarded(ServiceDescriptor descriptor) => Add(descriptor.FullName, descriptor);

    internal void Add(string serviceName, ServiceDescriptor? descriptor)
    {
        lock (_gate)
        {
            if (!_services.TryAdd(serviceName, descriptor))
            {
                throw new InvalidOperationException($"gRPC service {serviceName} is mapped twice.");
            }
        }
        ServiceAdded?.Invoke(serviceName);
    }
}
