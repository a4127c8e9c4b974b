using Grpc.Core;
using Recommender.CandidateRetrieval.Embedding;
using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Persistence;
using Recommender.Storage;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Maps failures to gRPC statuses: bad input INVALID_ARGUMENT (the message names the field and the limit), a full
/// catalog or an overloaded log RESOURCE_EXHAUSTED, recovery in progress, the encoder or the log failing UNAVAILABLE,
/// an encoder that does not fit the catalog FAILED_PRECONDITION.
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

    public static Task<T> Guard<T>(Func<T> handler, ServerCallContext context) => Guard(() => Task.FromResult(handler()), context);

    public static RpcException? ToRpc(Exception exception, CancellationToken callCancelled) => exception switch
    {
        RpcException => null,
        RequestValidationException e => Status(StatusCode.InvalidArgument, e.Message),
        IndexArgumentException e => Status(StatusCode.InvalidArgument, e.Message),
        CatalogFullException e => Status(StatusCode.ResourceExhausted, e.Message),
        IndexCapacityException e => Status(StatusCode.ResourceExhausted, e.Message),
        StorageOverloadedException e => Status(StatusCode.ResourceExhausted, $"{e.Message}; retry with backoff"),
        ServiceNotReadyException e => Status(StatusCode.Unavailable, e.Message),
        EncoderUnavailableException e => Status(StatusCode.Unavailable, e.Message),
        EncoderMismatchException e => Status(StatusCode.FailedPrecondition, e.Message),
        StorageException e => Status(StatusCode.Unavailable, $"the catalog log cannot be written ({e.Message}); nothing of this request was acknowledged"),
        ObjectDisposedException => Status(StatusCode.Unavailable, "candidate-retrieval is shutting down"),
        OperationCanceledException when callCancelled.IsCancellationRequested => Status(StatusCode.Cancelled, "the call was cancelled"),
        _ => null,
    };

    private static RpcException Status(StatusCode code, string message) => new(new Status(code, message));
}
