using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Recommender.Gateway.Dashboard;

/// <summary>The dashboard page at / and the status it shows, at /v1/status (both open to everyone).</summary>
public static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder http)
    {
        var page = ReadPage();
        http.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        var status = http.ServiceProvider.GetRequiredService<ClusterStatus>();
        // CancellationToken binds to RequestAborted; an HttpContext parameter would pick the RequestDelegate overload and drop the result.
        http.MapGet("/v1/status", async (CancellationToken cancellationToken) => Results.Json(await status.ReadAsync(cancellationToken)));
    }

    private static string ReadPage()
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Recommender.Gateway.Dashboard.index.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
