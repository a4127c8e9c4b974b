namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>Free loopback ports for test servers.</summary>
public static class Ports
{
    public static int Free() => Recommender.ClusterHarness.Cluster.FreePort();
}
