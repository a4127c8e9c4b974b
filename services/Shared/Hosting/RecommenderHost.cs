using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Hosting.Configuration;
using Recommender.Hosting.GrpcServer;
using Recommender.Hosting.Health;
using Recommender.Hosting.Telemetry;

namespace Recommender.Hosting;

/// <summary>
/// The service defaults every process uses: two ports from configuration (gRPC over HTTP/2, and
/// HTTP/1.1 for health, metrics and JSON), Grpc.AspNetCore with health and reflection, validated
/// options, OpenTelemetry, structured logging, and a graceful shutdown that turns health NOT_SERVING
/// and drains calls.
/// </summary>
public static class RecommenderHost
{
    /// <summary>
    /// Builds, maps and runs a service; returns the exit code: 2, with a message naming the setting,
    /// when the configuration is invalid or has an unknown key.
    /// </summary>
    public static int Run(string[] args, ServiceIdentity identity, Action<WebApplicationBuilder> add, Action<IEndpointRouteBuilder, WebApplication> map)
    {
        try
        {
            var builder = CreateBuilder(args, identity);
            add(builder);
            var app = builder.Build();
            map(app.MapRecommenderDefaults(), app);
            app.Run();
            return 0;
        }
        catch (Exception error) when (error is OptionsValidationException or InvalidOperationException or ArgumentException or FormatException)
        {
            var message = error.Message.StartsWith(identity.Name + ":", StringComparison.Ordinal) ? error.Message : $"{identity.Name}: invalid configuration: {error.Message}";
            Console.Error.WriteLine(message);
            return 2;
        }
    }

    public static WebApplicationBuilder CreateBuilder(string[] args, ServiceIdentity identity)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(identity.Defaults)
        {
            [$"{ServiceHostOptions.Section}:GrpcPort"] = identity.DefaultGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ServiceHostOptions.Section}:HttpPort"] = identity.DefaultHttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        // Explicit sources (files, environment, command line) override the defaults above.
        MoveDefaultsFirst(builder.Configuration);
        AddShippedSettings(builder.Configuration);

        var services = builder.Services;
        var hostOptions = services.AddValidatedOptions<ServiceHostOptions>(builder.Configuration, identity.Name, ServiceHostOptions.Section, o => o.Validate(identity.Name));
        services.AddSingleton(identity);

        ConfigureLogging(builder, hostOptions);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, hostOptions));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(hostOptions.ShutdownTimeoutSeconds));

        services.AddValidatedOptions<GrpcServerSettings>(builder.Configuration, identity.Name, GrpcServerSettings.Section, o => o.Validate());
        services.AddGrpc();
        services.AddSingleton<IConfigureOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>>(sp =>
            new ConfigureOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>(o => sp.GetRequiredService<GrpcServerSettings>().ApplyTo(o)));
        services.AddGrpcReflection();
        services.AddSingleton<ServiceReadiness>();
        services.AddGrpcHealthChecks().AddCheck<ReadinessHealthCheck>(ReadinessHealthCheck.Name);
        services.AddHostedService<HealthStatusFeed>();
        builder.AddRecommenderTelemetry(identity);
        return builder;
    }

    /// <summary>
    /// Maps health, reflection, metrics and the HTTP endpoints, wires shutdown, and returns the route
    /// group for the gRPC port, where the service maps its own gRPC services.
    /// </summary>
    public static IEndpointRouteBuilder MapRecommenderDefaults(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ServiceHostOptions>();
        var grpcSettings = app.Services.GetRequiredService<GrpcServerSettings>();
        var identity = app.Services.GetRequiredService<ServiceIdentity>();
        app.UseCallTelemetry(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Recommender.Calls"), options.LogCalls);
        app.UseRouting();
        app.UseListenerPortFilter();
        app.UseGrpcTimeoutValidation();
        app.UseGrpcRequestReadTimeout(TimeSpan.FromSeconds(grpcSettings.RequestReadTimeoutSeconds));

        var grpc = app.MapGroup("").WithMetadata(new ListenerPortMetadata(options.GrpcPort));
        grpc.MapGrpcHealthChecksService();
        grpc.MapGrpcReflectionService();

        // Liveness and readiness answer on both ports, so a proxy that speaks only HTTP/2 to the gRPC port can probe it too.
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = (context, report) => WriteReadiness(context, report, identity) });
        app.MapHttpEndpoints().MapPrometheusScrapingEndpoint();

        WireShutdown(app, options, identity);
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "{Service} serving gRPC on {Address}:{GrpcPort} and HTTP on {Address}:{HttpPort}",
            identity.Name, options.BindAddress, options.GrpcPort, options.BindAddress, options.HttpPort));
        return grpc;
    }

    /// <summary>The route group of the HTTP/1.1 port (JSON APIs, metrics, pages).</summary>
    public static IEndpointRouteBuilder MapHttpEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ServiceHostOptions>();
        return app.MapGroup("").WithMetadata(new ListenerPortMetadata(options.HttpPort));
    }

    private static Task WriteReadiness(HttpContext context, HealthReport report, ServiceIdentity identity)
    {
        var entry = report.Entries.TryGetValue(ReadinessHealthCheck.Name, out var found) ? found : default;
        return context.Response.WriteAsJsonAsync(new { service = identity.Name, ready = report.Status == HealthStatus.Healthy, status = entry.Description, conditions = entry.Data });
    }

    private static void WireShutdown(WebApplication app, ServiceHostOptions options, ServiceIdentity identity) =>
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            if (options.DrainDelaySeconds > 0)
            {
                app.Logger.LogInformation("{Service} stopping: NOT_SERVING for {Delay}s before closing ports", identity.Name, options.DrainDelaySeconds);
                Thread.Sleep(TimeSpan.FromSeconds(options.DrainDelaySeconds));
            }
        });

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServiceHostOptions options)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerConnection;
        var address = options.BindAddress is "*" or "0.0.0.0" ? IPAddress.Any : options.BindAddress is "::" ? IPAddress.IPv6Any : IPAddress.Parse(options.BindAddress);
        kestrel.Listen(address, options.GrpcPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (!string.IsNullOrEmpty(options.TlsCertificatePath))
            {
                listen.UseHttps(X509Certificate2.CreateFromPemFile(options.TlsCertificatePath, options.TlsKeyPath));
            }
        });
        kestrel.Listen(address, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, ServiceHostOptions options)
    {
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
    }

    /// <summary>
    /// The appsettings.json shipped beside the assembly applies whatever the working directory is
    /// (`dotnet path/to/Service.dll` from the repository root, or a container's /app); an
    /// appsettings.json in the content root, the environment and the command line still override it.
    /// </summary>
    private static void AddShippedSettings(ConfigurationManager configuration)
    {
        var shipped = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        shipped.ResolveFileProvider();
        ((IList<IConfigurationSource>)configuration.Sources).Insert(1, shipped);
    }

    private static void MoveDefaultsFirst(ConfigurationManager configuration)
    {
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var defaults = sources[^1];
        sources.RemoveAt(sources.Count - 1);
        sources.Insert(0, defaults);
    }
}
