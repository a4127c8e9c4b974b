using Grpc.Core;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Service;

namespace Recommender.Encoder.Tests.Service;

/// <summary>Every failure of the batcher has its gRPC status.</summary>
public sealed class BatcherStatusTests
{
    public static TheoryData<Exception, StatusCode> Failures() => new()
    {
        { QueueFullException.ForBound("m", nameof(BatcherOptions.MaxQueuedTokens), 768, 700, 100), StatusCode.ResourceExhausted },
        { new BatchDeadlineExceededException("m", DateTime.UtcNow, 3), StatusCode.DeadlineExceeded },
        { new OperationCanceledException(), StatusCode.Cancelled },
        { new BatchInferenceException("m", 4, 16, "ONNX Runtime failed"), StatusCode.Internal },
        { new BatcherStoppedException("m"), StatusCode.Unavailable },
        { new RpcException(new Status(StatusCode.InvalidArgument, "texts")), StatusCode.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachFailureMapsToItsStatusWithTheMessage(Exception failure, StatusCode expected)
    {
        Assert.True(BatcherStatus.TryMap(failure, DateTime.MaxValue, out var status));

        Assert.Equal(expected, status.StatusCode);
        Assert.False(string.IsNullOrEmpty(status.Status.Detail));
    }

    [Fact]
    public void ACancellationAfterTheDeadlineIsDeadlineExceeded()
    {
        Assert.True(BatcherStatus.TryMap(new OperationCanceledException(), DateTime.UtcNow.AddSeconds(-1), out var status));

        Assert.Equal(StatusCode.DeadlineExceeded, status.StatusCode);
    }

    [Fact]
    public void AnythingElseIsLeftToTheGrpcLayer() =>
        Assert.False(BatcherStatus.TryMap(new NullReferenceException(), DateTime.MaxValue, out _));
}
