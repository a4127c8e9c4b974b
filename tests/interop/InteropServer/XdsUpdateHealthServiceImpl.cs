using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Testing;
using Recommender.Hosting.Health;

namespace Recommender.Interop;

/// <summary>Lets interop clients flip this server's health, to test Health.Watch.</summary>
public sealed class XdsUpdateHealthServiceImpl(HealthStatusRegistry health) : XdsUpdateHealthService.XdsUpdateHealthServiceBase
{
    public override Task<Empty> SetServing(Empty request, ServerCallContext context)
    {
        health.SetAll(HealthCheckResponse.Types.ServingStatus.Serving);
        return Task.FromResult(new Empty());
    }

    public override Task<Empty> SetNotServing(Empty request, ServerCallContext context)
    {
        health.SetAll(HealthCheckResponse.Types.ServingStatus.NotServing);
        return Task.FromResult(new Empty());
    }
}
