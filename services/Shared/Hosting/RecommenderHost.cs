using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Rpc.Server;
using Recommender.Hosting.Health;
using Recommender.Hosting.Metrics;
using Recommender.Hosting.Reflection;

namespace Recommender.Hosting;

/// <summary>
/// What every service's Program.cs uses: two ports from configuration (gRPC over HTTP/2, and
/// HTTP/1.1 for health, metrics and JSON), the gRPC server with health and reflection, structured
/// logging, metrics, and a graceful shutdown that turns health NOT_SERVING and drains calls.
/// </summary>
public static class RecommenderHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args, ServiceIdentity identity)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ServiceHostOptions.Section}:GrpcPort"] = identity.DefaultGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ServiceHostOptions.Section}:HttpPort"] = identity.DefaultHttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        // Explicit sources (files, environment, command line) override the defaults above.
        MoveDefaultsFirst(builder.Configuration);
        AddShippedSettings(builder.Configuration);

        var hostOptions = builder.Configuration.GetSection(ServiceHostOptions.Section).Get<ServiceHostOptions>() ?? new ServiceHostOptions();
        hostOptions.Validate(identity.Name);
        builder.Services.AddSingleton(Options.Create(hostOptions));
        builder.Services.AddSingleton(identity);

        ConfigureLogging(builder, hostOptions);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, hostOptions));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(hostOptions.ShutdownTimeoutSeconds));

        builder.Services.AddGrpcServer();
        builder.Services.AddOptions<GrpcServerOptions>().Bind(builder.Configuration.GetSection("Grpc"));
        builder.Services.AddSingleton<HealthStatusRegistry>();
        builder.Services.AddSingleton<ServiceReadiness>();
        builder.Services.AddSingleton<ReflectionIndex>();
        builder.Services.AddSingleton<PrometheusMetrics>(_ => new PrometheusMetrics());
        return builder;
    }

    /// <summary>
    /// Maps health, reflection and the HTTP endpoints, wires readiness and shutdown, and returns the
    /// route group for the gRPC port, where the service maps its own gRPC services.
    /// </summary>
    public static IEndpointRouteBuilder MapRecommenderDefaults(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ServiceHostOptions>>().Value;
        var identity = app.Services.GetRequiredService<ServiceIdentity>();
        app.UseRouting();
        app.UseListenerPortFilter();

        var grpc = app.MapGroup("").WithMetadata(new ListenerPortMetadata(options.GrpcPort));
        grpc.MapGrpcService<HealthService>();
        grpc.MapGrpcService<ReflectionServiceV1>();
        grpc.MapGrpcService<ReflectionServiceV1Alpha>();

        var readiness = app.Services.GetRequiredService<ServiceReadiness>();
        var metrics = app.Services.GetRequiredService<PrometheusMetrics>();
        // Liveness and readiness answer on both ports, so a proxy that speaks only HTTP/2 to the gRPC port can probe it too.
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => Results.Json(
            new { service = identity.Name, ready = readiness.IsReady, conditions = readiness.Conditions.ToDictionary(c => c.Key, c => new { ready = c.Value.Ready, detail = c.Value.Detail }) },
            statusCode: readiness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable));
        app.MapHttpEndpoints().MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));

        WireHealth(app, options, identity);
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "{Service} serving gRPC on {Address}:{GrpcPort} and HTTP on {Address}:{HttpPort}",
            identity.Name, options.BindAddress, options.GrpcPort, options.BindAddress, options.HttpPort));
        return grpc;
    }

    /// <summary>The route group of the HTTP/1.1 port (JSON APIs, metrics, pages).</summary>
    public static IEndpointRouteBuilder MapHttpEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ServiceHostOptions>>().Value;
        return app.MapGroup("").WithMetadata(new ListenerPortMetadata(options.HttpPort));
    }

    private static void WireHealth(WebApplication app, ServiceHostOptions options, ServiceIdentity identity)
    {
        var health = app.Services.GetRequiredService<HealthStatusRegistry>();
        var readiness = app.Services.GetRequiredService<ServiceReadiness>();
        var registry = app.Services.GetRequiredService<GrpcServiceRegistry>();
        var stopping = false;
        HealthCheckResponse.Types.ServingStatus Current() =>
            !stopping && readiness.IsReady ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;

        health.Set("", Current());
        foreach (var service in registry.ServiceNames)
        {
            health.Set(service, Current());
        }
        registry.ServiceAdded += service => health.Set(service, Current());
        readiness.Changed += () =>
        {
            var status = Current();
            health.SetAll(status);
            app.Logger.LogInformation("{Service} health is now {Status}", identity.Name, status);
        };
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            stopping = true;
            health.SetAll(HealthCheckResponse.Types.ServingStatus.NotServing);
            if (options.DrainDelaySeconds > 0)
            {
                app.Logger.LogInformation("{Service} stopping: NOT_SERVING for {Delay}s before closing ports", identity.Name, options.DrainDelaySeconds);
                Thread.Sleep(TimeSpan.FromSeconds(options.DrainDelaySeconds));
            }
            health.CompleteAll(); // ends Watch streams so they do not hold up the drain
        });
    }

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
