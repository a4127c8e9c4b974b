using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Gateway.Auth;

namespace Recommender.Gateway.Dashboard;

/// <summary>
/// The dashboard (built from gateway/Dashboard by esbuild and embedded in this assembly) at /, its
/// files under /dashboard/, the cluster status at /v1/status (open to everyone), and the backends'
/// own metrics at /v1/cluster/metrics (read role).
/// </summary>
public static class DashboardEndpoints
{
    private const string ResourcePrefix = "Recommender.Gateway.Dashboard.dist.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder http)
    {
        var files = ReadFiles(typeof(DashboardEndpoints).Assembly);
        var page = files.TryGetValue("index.html", out var index) ? index : throw new InvalidOperationException("The dashboard's index.html is missing from the assembly; build gateway/Dashboard (make build).");
        http.MapGet("/", () => Results.Bytes(page, ContentTypes[".html"]));
        http.MapGet("/dashboard/{file}", (string file) => files.TryGetValue(file, out var content)
            ? Results.Bytes(content, ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"))
            : Results.NotFound());
        var status = http.ServiceProvider.GetRequiredService<ClusterStatus>();
        // CancellationToken binds to RequestAborted; an HttpContext parameter would pick the RequestDelegate overload and drop the result.
        http.MapGet("/v1/status", async (CancellationToken cancellationToken) => Results.Json(await status.ReadAsync(cancellationToken)));
        // Lives as long as the application; created here so Program.cs needs no registration.
        var metrics = new ServiceMetricsScraper(http.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>());
        http.MapGet("/v1/cluster/metrics", async (CancellationToken cancellationToken) => Results.Json(await metrics.ScrapeAsync(cancellationToken)))
            .WithMetadata(new RequiredRole(Roles.Read));
    }

    /// <summary>The embedded build output by file name.</summary>
    private static Dictionary<string, byte[]> ReadFiles(Assembly assembly)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[ResourcePrefix.Length..]] = copy.ToArray();
        }
        return files;
    }
}
