using Microsoft.Extensions.Configuration.Memory;
using Recommender.Encoder.Service;
using Recommender.Hosting;

namespace Recommender.Encoder;

/// <summary>The encoder process: gRPC on 50051, health and metrics on 9101 (ARCHITECTURE.md, "Ports").</summary>
public static class Program
{
    /// <summary>
    /// Largest request the encoder accepts by default: its limits allow 256 texts of 16,384
    /// characters, up to 3 UTF-8 bytes each (12 MiB), plus framing.
    /// </summary>
    public const int DefaultMaxReceiveMessageSize = 16 << 20;

    public static void Main(string[] args) => Build(args).Run();

    /// <summary>
    /// The encoder application, configured from <paramref name="args"/> (<c>--Section:Key=value</c>),
    /// the environment and appsettings; invalid settings fail here.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = RecommenderHost.CreateBuilder(args, new ServiceIdentity("encoder", DefaultGrpcPort: 50051, DefaultHttpPort: 9101));
        AddDefaults(builder.Configuration);
        builder.Services.AddEncoderService(builder.Configuration);
        var app = builder.Build();
        var grpc = app.MapRecommenderDefaults();
        grpc.MapGrpcService<EncoderService>();
        return app;
    }

    /// <summary>Encoder defaults that differ from the host's; any configuration source overrides them.</summary>
    private static void AddDefaults(ConfigurationManager configuration) =>
        ((IList<IConfigurationSource>)configuration.Sources).Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Grpc:MaxReceiveMessageSize"] = DefaultMaxReceiveMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
}
