using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>
/// One worker, a queue bounded at 600 tokens and all-minilm-l6-v2 texts of 256 tokens (each a batch of
/// its own), so the queue is predictably busy: overload is refused at once, deadlines pass in the queue.
/// </summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private const string MiniLm = ModelNames.MiniLm;
    private static readonly string LongText = string.Join(' ', Enumerable.Repeat("headphones", 400));
    private readonly ModelsRoot _root = new();
    private EncoderServer _server = null!;

    public async Task InitializeAsync()
    {
        _root.Link(MiniLm);
        _server = await EncoderServer.StartAsync(_root.Path,
            "Encoder:Batching:WorkerCount=1", "Encoder:Batching:MaxBatchTokens=256", "Encoder:Batching:MaxQueuedTokens=600",
            "Encoder:Batching:RejectUnreachableDeadlines=false", "Encoder:Cache:CapacityBytes=0");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _root.Dispose();
    }

    [Fact]
    public async Task AFullQueueRefusesAtOnceWithResourceExhausted()
    {
        // Ten batches of work: the queue stays above its bound for several batch times, even on a loaded machine
        // where the next call takes a while to arrive.
        var busy = Encode(Enumerable.Range(0, 10).Select(i => $"{LongText} {i}").ToArray());
        await WaitUntilQueuedAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Encode(["one more"]));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("Encoder:Batching:MaxQueuedTokens = 600", error.Status.Detail);
        Assert.False(busy.IsCompleted, "the rejection waited for the queued work");
        Assert.Equal(10, (await busy).Embeddings.Count);
    }

    [Fact]
    public async Task ADeadlineThatPassesInTheQueueIsDeadlineExceeded()
    {
        var busy = Encode([LongText + " e", LongText + " f"]);
        await WaitUntilQueuedAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Encode(["short text"], DateTime.UtcNow.AddMilliseconds(50)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(2, (await busy).Embeddings.Count);
    }

    [Fact]
    public async Task StoppingTheServerDrainsQueuedTextsFirst()
    {
        var queued = Encode([LongText + " g", LongText + " h", LongText + " i"]);
        await WaitUntilQueuedAsync();

        await _server.StopAsync();

        Assert.Equal(3, (await queued).Embeddings.Count);
        Assert.Equal(0, _server.Models.Resolve(MiniLm).Batcher.QueuedItems);
    }

    private async Task<EncodeResponse> Encode(string[] texts, DateTime? deadline = null) =>
        await _server.Client.EncodeAsync(new EncodeRequest { Texts = { texts }, Model = MiniLm }, deadline: deadline);

    private Task WaitUntilQueuedAsync()
    {
        var batcher = _server.Models.Resolve(MiniLm).Batcher;
        return WaitUntilAsync(() => batcher.QueuedItems > 0, "the long texts never queued");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, failure);
            await Task.Delay(1);
        }
    }
}
