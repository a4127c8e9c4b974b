using System.Diagnostics;
using System.Net.Sockets;
using Recommender.ClusterHarness;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// Debian's nginx as the reference proxy for the hop comparison, started with a generated config in a temporary
/// folder on free loopback ports: <c>grpc_pass</c> (cleartext HTTP/2) to candidate-retrieval, the same backend the
/// gateway's pass-through route reaches, and HTTP/1.1 <c>proxy_pass</c> to the gateway's REST port. Both keep
/// upstream connections alive, as a production config would.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;

    private NginxProxy(Process process, TempDirectory directory, int grpcPort, int httpPort)
    {
        _process = process;
        _directory = directory;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>nginx's grpc_pass listener (HTTP/2 with prior knowledge) in front of candidate-retrieval.</summary>
    public Uri GrpcAddress { get; }

    /// <summary>nginx's proxy_pass listener (HTTP/1.1) in front of the gateway's REST API.</summary>
    public Uri HttpAddress { get; }

    public static async Task<NginxProxy> StartAsync(string nginx, Uri grpcBackend, Uri restBackend)
    {
        var directory = new TempDirectory();
        var grpcPort = Cluster.FreePort();
        var httpPort = Cluster.FreePort();
        var temp = Path.Combine(directory.Path, "temp");
        Directory.CreateDirectory(temp);
        // Workers run as nobody when nginx starts as root; they may need to buffer bodies here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, (UnixFileMode)0x1FF);
        }
        var config = Path.Combine(directory.Path, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes auto;
            daemon off;
            pid {{directory.Path}}/nginx.pid;
            error_log {{directory.Path}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                upstream retrieval_grpc { server {{grpcBackend.Host}}:{{grpcBackend.Port}}; keepalive 64; }
                upstream gateway_rest { server {{restBackend.Host}}:{{restBackend.Port}}; keepalive 64; }
                server {
                    listen 127.0.0.1:{{grpcPort}} http2;
                    location / { grpc_pass grpc://retrieval_grpc; }
                }
                server {
                    listen 127.0.0.1:{{httpPort}};
                    location / {
                        proxy_pass http://gateway_rest;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", directory.Path, "-c", config, "-e", Path.Combine(directory.Path, "error.log") })
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            directory.Dispose();
            throw new InvalidOperationException($"nginx ('{nginx}') could not be started: {e.Message}. Install Debian's nginx (scripts/setup.sh does) or pass --nginx none.", e);
        }
        var proxy = new NginxProxy(process, directory, grpcPort, httpPort);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                var log = Path.Combine(directory.Path, "error.log");
                var reason = (File.Exists(log) ? await File.ReadAllTextAsync(log) : "") + await process.StandardError.ReadToEndAsync();
                proxy.Dispose();
                throw new InvalidOperationException($"nginx exited with {process.ExitCode} at start: {reason.Trim()}");
            }
            if (Listening(grpcPort) && Listening(httpPort))
            {
                return proxy;
            }
            await Task.Delay(100);
        }
        proxy.Dispose();
        throw new TimeoutException("nginx did not listen within 10 s.");
    }

    /// <summary>"nginx version: nginx/1.22.1" as nginx -v prints it.</summary>
    public static string Version(string nginx)
    {
        try
        {
            var process = Process.Start(new ProcessStartInfo(nginx, "-v") { RedirectStandardError = true })!;
            var text = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "nginx not found";
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _directory.Dispose();
    }
}
