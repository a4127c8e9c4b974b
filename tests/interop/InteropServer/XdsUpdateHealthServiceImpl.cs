using Grpc.Core;
using Grpc.Testing;
using Recommender.Hosting.Health;

namespace Recommender.Interop;

/// <summary>Lets interop clients flip this server's health, to test Health.Watch: a readiness condition like any service's.</summary>
public sealed class XdsUpdateHealthServiceImpl(ServiceReadiness readiness) : XdsUpdateHealthService.XdsUpdateHealthServiceBase
{
    public override Task<Empty> SetServing(Empty request, ServerCallContext context)
    {
        readiness.Set("interop", ready: true);
        return Task.FromResult(new Empty());
    }

    public override Task<Empty> SetNotServing(Empty request, ServerCallContext context)
    {
        readiness.Set("interop", ready: false, "SetNotServing was called");
        return Task.FromResult(new Empty());
    }
}
