using Grpc.Core;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Persistence;
using Recommender.InterestModel.Service;
using Recommender.Storage;

namespace Recommender.InterestModel.Tests;

/// <summary>Which status each failure becomes (the ones a loopback test cannot provoke cheaply).</summary>
public sealed class RpcErrorMappingTests
{
    [Fact]
    public void Failures_map_to_the_documented_statuses_with_their_message()
    {
        Assert.Equal(StatusCode.InvalidArgument, Map(new InterestValidationException("events[2].rating", "a value in [0.5, 5]", "9 is outside")).StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, Map(new InterestCapacityException("the user store", 10)).StatusCode);
        var overloaded = Map(new StorageOverloadedException(300, 256));
        Assert.Equal(StatusCode.ResourceExhausted, overloaded.StatusCode);
        Assert.Contains("MaxQueuedBytes", overloaded.Status.Detail);
        var failed = Map(new StorageException("writing segment 7 failed: disk full"));
        Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
        Assert.Contains("disk full", failed.Status.Detail);
        Assert.Contains("nothing of this request was acknowledged", failed.Status.Detail);
        Assert.Equal(StatusCode.Unavailable, Map(new ServiceNotReadyException("recovering")).StatusCode);
        Assert.Equal(StatusCode.Unavailable, Map(new ObjectDisposedException("store")).StatusCode);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Equal(StatusCode.Cancelled, RpcErrors.ToRpc(new OperationCanceledException(), cancelled.Token)!.StatusCode);
        // Anything else is a bug: left to the gRPC layer (INTERNAL, details in the log only).
        Assert.Null(RpcErrors.ToRpc(new NullReferenceException(), CancellationToken.None));
    }

    private static RpcException Map(Exception exception) => RpcErrors.ToRpc(exception, CancellationToken.None)!;
}
