using Grpc.Net.Client;
using Recommender.ClusterHarness;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>The real candidate-retrieval service as a separate process, so a test can kill it with SIGKILL.</summary>
internal static class RetrievalProcess
{
    /// <summary>Path of the built service assembly: next to the tests (the project reference copies it there).</summary>
    public static string ServiceAssembly => Path.Combine(AppContext.BaseDirectory, "Recommender.CandidateRetrieval.dll");

    /// <summary>Starts the service on <paramref name="dataDirectory"/>, embedding with the encoder at <paramref name="encoderAddress"/>.</summary>
    public static Task<KillableService<Proto.CandidateRetrieval.CandidateRetrievalClient>> StartAsync(string dataDirectory, string encoderAddress, params string[] settings) =>
        KillableService<Proto.CandidateRetrieval.CandidateRetrievalClient>.StartAsync(ServiceAssembly,
            [$"CandidateRetrieval:DataDirectory={dataDirectory}", $"CandidateRetrieval:EncoderAddress={encoderAddress}", .. settings],
            channel => new Proto.CandidateRetrieval.CandidateRetrievalClient(channel),
            new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
}
