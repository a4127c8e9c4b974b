using System.Net;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Recommender.Gateway.Backends;

/// <summary>
/// Resolves <c>backends:///interest-model</c> to the addresses of that backend's configured
/// destinations (Gateway:Services:{name}:Destinations), each host name looked up in DNS, so one
/// destination that names a Kubernetes headless Service yields every ready pod. Grpc.Net.Client's
/// round-robin balancer spreads calls over them and skips any it cannot connect to; addresses are
/// looked up again every <see cref="RefreshInterval"/> and whenever a connection fails.
/// </summary>
public sealed class DestinationsResolverFactory(IOptions<GatewayOptions> options) : ResolverFactory
{
    public const string Scheme = "backends";

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    public override string Name => Scheme;

    public static Uri AddressOf(string backend) => new($"{Scheme}:///{backend}");

    public override Resolver Create(ResolverOptions resolverOptions)
    {
        var backend = resolverOptions.Address.AbsolutePath.Trim('/');
        var destinations = options.Value.Services.TryGetValue(backend, out var found)
            ? found.Destinations.Select(d => new Uri(d.Address)).ToArray()
            : throw new InvalidOperationException($"No backend named '{backend}' is configured (Gateway:Services).");
        return new DestinationsResolver(destinations, resolverOptions.LoggerFactory);
    }

    private sealed class DestinationsResolver(Uri[] destinations, ILoggerFactory loggers) : PollingResolver(loggers)
    {
        private Timer? _timer;

        protected override void OnStarted()
        {
            base.OnStarted();
            _timer = new Timer(_ => Refresh(), null, RefreshInterval, RefreshInterval);
        }

        protected override async Task ResolveAsync(CancellationToken cancellationToken)
        {
            try
            {
                var addresses = new List<BalancerAddress>();
                foreach (var destination in destinations)
                {
                    var ips = IPAddress.TryParse(destination.Host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(destination.DnsSafeHost, cancellationToken).ConfigureAwait(false);
                    addresses.AddRange(ips.Select(a => new BalancerAddress(a.ToString(), destination.Port)));
                }
                Listener(ResolverResult.ForResult(addresses));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Listener(ResolverResult.ForFailure(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, $"Resolving {string.Join(", ", destinations.Select(d => d.Authority))} failed: {e.Message}", e)));
            }
        }

        protected override void Dispose(bool disposing)
        {
            _timer?.Dispose();
            base.Dispose(disposing);
        }
    }
}
