using Recommender.ClusterHarness;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>The real interest-model service as a separate process, so a test can kill it with SIGKILL.</summary>
public static class InterestModelProcess
{
    /// <summary>Path of the built service assembly: next to the tests (the project reference copies it there).</summary>
    public static string ServiceAssembly => Path.Combine(AppContext.BaseDirectory, "Recommender.InterestModel.dll");

    /// <summary>Starts the service on <paramref name="dataDirectory"/> in front of the catalog at <paramref name="catalogAddress"/>.</summary>
    public static Task<KillableService<Proto.InterestModel.InterestModelClient>> StartAsync(string dataDirectory, string catalogAddress, params string[] settings) =>
        KillableService<Proto.InterestModel.InterestModelClient>.StartAsync(ServiceAssembly,
            [$"InterestModel:DataDirectory={dataDirectory}", $"InterestModel:CatalogAddress={catalogAddress}", .. settings],
            channel => new Proto.InterestModel.InterestModelClient(channel));
}
