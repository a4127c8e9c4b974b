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

    public static readonly ServiceIdentity Identity = new("encoder", DefaultGrpcPort: 50051, DefaultHttpPort: 9101)
    {
        Defaults = new Dictionary<string, string?>
        {
            ["Grpc:MaxReceiveMessageSize"] = DefaultMaxReceiveMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    /// <summary>Runs the encoder; exits with 2 and a message naming the setting when the configuration is invalid.</summary>
    public static int Main(string[] args) =>
        RecommenderHost.Run(args, Identity, builder => builder.Services.AddEncoderService(builder.Configuration), (grpc, _) => grpc.MapGrpcService<EncoderService>());

    /// <summary>The encoder application as Main runs it, for in-process tests; invalid settings fail here.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = RecommenderHost.CreateBuilder(args, Identity);
        builder.Services.AddEncoderService(builder.Configuration);
        var app = builder.Build();
        app.MapRecommenderDefaults().MapGrpcService<EncoderService>();
        return app;
    }
}
