using Recommender.Contracts.V1;

namespace Recommender.Gateway.Routing;

/// <summary>The backend services routed through the gateway, described by its reflection service too, so grpcurl and ghz work against the gateway alone.</summary>
public static class ForwardedServices
{
    public static readonly IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Descriptors =
    [
        Encoder.Descriptor, InterestModel.Descriptor, CandidateRetrieval.Descriptor, Contracts.V1.Ranking.Descriptor,
    ];
}
