using System.Net;
using System.Net.Sockets;

namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>Free loopback ports for test servers.</summary>
public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
