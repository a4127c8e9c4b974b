using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Recommender.ClusterHarness;

/// <summary>
/// One real service as a separate process (<c>dotnet Service.dll --...</c>) with a client on its gRPC port, so a test
/// can kill it with SIGKILL. Keeps the last lines of its output for failure messages.
/// </summary>
public sealed class KillableService<TClient> : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private KillableService(Process process, int grpcPort, GrpcChannelOptions channelOptions, Func<GrpcChannel, TClient> client)
    {
        this.process = process;
        GrpcPort = grpcPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", channelOptions);
        Client = client(Channel);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int GrpcPort { get; }

    public GrpcChannel Channel { get; }

    public TClient Client { get; }

    /// <summary>The last lines the process wrote.</summary>
    public string RecentOutput => string.Join('\n', output);

    /// <summary>
    /// Starts <paramref name="assembly"/> on free ports with <paramref name="settings"/> (<c>Section:Key=value</c>) and
    /// waits until its health says SERVING (recovery done).
    /// </summary>
    public static async Task<KillableService<TClient>> StartAsync(string assembly, IEnumerable<string> settings, Func<GrpcChannel, TClient> client,
        GrpcChannelOptions? channelOptions = null)
    {
        var grpcPort = Cluster.FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in new[] { $"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={Cluster.FreePort()}" }.Concat(settings.Select(s => "--" + s)))
        {
            start.ArgumentList.Add(argument);
        }
        var service = new KillableService<TClient>(Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}"), grpcPort,
            channelOptions ?? new GrpcChannelOptions(), client);
        await service.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with code {process.ExitCode}:\n{RecentOutput}");
            }
            try
            {
                var status = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the service did not become ready within {timeout}:\n{RecentOutput}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed that was not already.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        while (output.Count > 40 && output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
