using System.Diagnostics;
using System.Net.Sockets;

namespace Recommender.Storage.Tests;

/// <summary>
/// A real redis-server (Debian's package) on a free loopback port with its data in a temporary directory; by default
/// with the settings the shared store requires (appendonly yes, appendfsync always). Can be killed with SIGKILL and
/// started again on the same directory.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string appendFsync;
    private Process? process;

    private RedisServer(string appendFsync)
    {
        this.appendFsync = appendFsync;
        Port = FreePort();
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000";

    public static RedisServer Start(string appendFsync = "always")
    {
        var server = new RedisServer(appendFsync);
        server.Restart();
        return server;
    }

    /// <summary>Starts redis-server (again) on the same port and directory and waits until it answers PING.</summary>
    public void Restart()
    {
        process = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", directory.Path, "--save", "",
                "--appendonly", "yes", "--appendfsync", appendFsync, "--daemonize", "no", "--protected-mode", "yes" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                if (stream.Read(buffer) > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"redis-server on port {Port} did not answer PING within 20 s");
    }

    public void Kill()
    {
        process?.Kill();
        process?.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
        directory.Dispose();
    }

    /// <summary>The one port helper of the test projects (below the ephemeral range, never given twice).</summary>
    private static int FreePort() => Recommender.ClusterHarness.Cluster.FreePort();
}
