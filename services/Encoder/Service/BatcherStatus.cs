using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Service;

/// <summary>Maps the batcher's failures to gRPC statuses.</summary>
internal static class BatcherStatus
{
    /// <summary>
    /// The status for <paramref name="error"/>: queue full → RESOURCE_EXHAUSTED, deadline →
    /// DEADLINE_EXCEEDED, cancelled → CANCELLED, inference failure → INTERNAL, stopped → UNAVAILABLE.
    /// False for anything else (a bug, left to the gRPC layer's INTERNAL).
    /// </summary>
    public static bool TryMap(Exception error, ServerCallContext context, [NotNullWhen(true)] out RpcException? status)
    {
        status = error switch
        {
            RpcException rpc => rpc,
            QueueFullException full => Status(StatusCode.ResourceExhausted, full.Message),
            BatchDeadlineExceededException deadline => Status(StatusCode.DeadlineExceeded, deadline.Message),
            OperationCanceledException when context.Deadline <= DateTime.UtcNow =>
                Status(StatusCode.DeadlineExceeded, "The deadline passed before the texts were embedded."),
            OperationCanceledException => Status(StatusCode.Cancelled, "The call was cancelled."),
            BatchInferenceException inference => Status(StatusCode.Internal, inference.Message),
            BatcherStoppedException stopped => Status(StatusCode.Unavailable, stopped.Message + " Retry on another replica or later."),
            _ => null,
        };
        return status is not null;
    }

    private static RpcException Status(StatusCode code, string message) => new(new Status(code, message));
}
