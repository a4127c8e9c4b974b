using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>
/// The real candidate-retrieval service as a separate process (<c>dotnet Recommender.CandidateRetrieval.dll --...</c>),
/// so a test can kill it with SIGKILL. Keeps the last lines of its output for failure messages.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServiceProcess(Process process, int grpcPort)
    {
        this.process = process;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
        Client = new Proto.CandidateRetrieval.CandidateRetrievalClient(Channel);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public GrpcChannel Channel { get; }

    public Proto.CandidateRetrieval.CandidateRetrievalClient Client { get; }

    /// <summary>The last lines the process wrote.</summary>
    public string RecentOutput => string.Join('\n', output);

    /// <summary>Path of the built service assembly: next to the tests (the project reference copies it there).</summary>
    public static string ServiceAssembly => Path.Combine(AppContext.BaseDirectory, "Recommender.CandidateRetrieval.dll");

    /// <summary>Starts the service and waits until its health says SERVING (recovery done).</summary>
    public static async Task<ServiceProcess> StartAsync(string dataDirectory, string encoderAddress, params string[] settings)
    {
        var grpcPort = Ports.Free();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServiceAssembly);
        foreach (var argument in new[]
                 {
                     $"--Hosting:GrpcPort={grpcPort}", $"--Hosting:HttpPort={Ports.Free()}",
                     $"--CandidateRetrieval:DataDirectory={dataDirectory}", $"--CandidateRetrieval:EncoderAddress={encoderAddress}",
                 }.Concat(settings.Select(s => "--" + s)))
        {
            start.ArgumentList.Add(argument);
        }
        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the service"), grpcPort);
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
            await Task.Delay(50);
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
