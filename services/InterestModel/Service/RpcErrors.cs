using Grpc.Core;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Persistence;
using Recommender.Storage;

namespace Recommender.InterestModel.Service;

/// <summary>
/// Maps failures to gRPC statuses: bad input INVALID_ARGUMENT (the message names the field and the limit), a full
/// capacity or an overloaded log RESOURCE_EXHAUSTED, recovery in progress or a storage failure UNAVAILABLE.
/// </summary>
internal static class RpcErrors
{
    public static async Task<T> Guard<T>(Func<Task<T>> handler, ServerCallContext context)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (Exception e) when (ToRpc(e, context.CancellationToken) is { } rpc)
        {
            throw rpc;
        }
    }

    public static RpcException? ToRpc(Exception exception, CancellationToken callCancelled) => exception switch
    {
        RpcException => null,
        InterestValidationException e => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        InterestCapacityException e => new RpcException(new Status(StatusCode.ResourceExhausted, e.Message)),
        StorageOverloadedException e => new RpcException(new Status(StatusCode.ResourceExhausted, $"{e.Message}; retry with backoff")),
        ServiceNotReadyException e => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        StorageException e => new RpcException(new Status(StatusCode.Unavailable,
            $"the event log cannot be written ({e.Message}); nothing of this request was acknowledged")),
        ObjectDisposedException => new RpcException(new Status(StatusCode.Unavailable, "interest-model is shutting down")),
        OperationCanceledException when callCancelled.IsCancellationRequested =>
            new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled")),
        _ => null,
    };
}
