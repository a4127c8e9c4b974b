using Grpc.Core;
using Grpc.Health.V1;

namespace Recommender.Hosting.Health;

/// <summary>The standard gRPC health service (grpc.health.v1.Health): Check and Watch.</summary>
public sealed class HealthService(HealthStatusRegistry registry) : Grpc.Health.V1.Health.HealthBase
{
    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = registry.Get(request.Service)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    /// <summary>Sends the current status (SERVICE_UNKNOWN for an unknown service), then every change, until the client leaves or the server stops.</summary>
    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var subscription = registry.Subscribe();
        var last = registry.Get(request.Service) ?? HealthCheckResponse.Types.ServingStatus.ServiceUnknown;
        await responseStream.WriteAsync(new HealthCheckResponse { Status = last }).ConfigureAwait(false);
        try
        {
            await foreach (var (service, status) in subscription.Changes.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                if (service != request.Service || status == last)
                {
                    continue;
                }
                last = status;
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
