using System.Net;
using System.Net.Sockets;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>Free loopback ports for test servers.</summary>
internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
