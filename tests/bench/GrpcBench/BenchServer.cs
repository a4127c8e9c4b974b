using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Hosting;

namespace Recommender.Bench.Grpc;

/// <summary>
/// The server under test, in its own process: an echo method on our gRPC layer, and on the same
/// HTTP/2 port a plain Kestrel POST /echo endpoint, the floor our layer adds to.
/// </summary>
public static class BenchServer
{
    public static void Run(int grpcPort, int httpPort)
    {
        var builder = RecommenderHost.CreateBuilder([$"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={httpPort}", "--Logging:LogLevel:Default=Warning", "--Hosting:LogCalls=false"],
            new ServiceIdentity("bench-server", grpcPort, httpPort));
        var app = builder.Build();
        var grpc = app.MapRecommenderDefaults();
        grpc.MapGrpcService<EchoService>();
        grpc.MapPost("/echo", async context =>
        {
            var reader = context.Request.BodyReader;
            ReadResult result;
            while (!(result = await reader.ReadAsync()).IsCompleted)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
            var body = result.Buffer.ToArray();
            reader.AdvanceTo(result.Buffer.End);
            context.Response.ContentType = "application/octet-stream";
            await context.Response.BodyWriter.WriteAsync(body);
        });
        app.Run();
    }
}
