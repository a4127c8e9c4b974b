namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>Free loopback ports for test servers.</summary>
internal static class Ports
{
    public static int Free() => Recommender.ClusterHarness.Cluster.FreePort();
}
