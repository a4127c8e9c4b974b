using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Tests.Batching;

/// <summary>Helpers that build batchers with unique model names and hold their worker busy.</summary>
internal static class TestBatchers
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static string UniqueModel() => "test-" + Guid.NewGuid().ToString("N")[..12];

    public static DynamicBatcher Create(IBatchInference inference, BatcherOptions options) =>
        new(UniqueModel(), inference, options);

    /// <summary>
    /// Submits a one-sequence request tagged <paramref name="tag"/> and waits until the (blocked)
    /// inference runs it, so everything submitted next stays queued until the gate opens.
    /// </summary>
    public static async Task<Task<float[][]>> OccupyWorkerAsync(DynamicBatcher batcher, RecordingInference inference, int tag = 999)
    {
        var blocker = batcher.SubmitAsync([Sequences.Tagged(tag, 3)], DateTime.MaxValue);
        await inference.WaitForStartsAsync();
        return blocker;
    }

    /// <summary>The recorded batches after the first (the blocker's).</summary>
    public static IReadOnlyList<int[][]> AfterBlocker(RecordingInference inference) => [.. inference.Batches.Skip(1)];

    public static void AssertVectors(int[][] request, float[][] vectors)
    {
        Assert.Equal(request.Length, vectors.Length);
        for (var i = 0; i < request.Length; i++)
        {
            Assert.Equal(RecordingInference.Embed(request[i]), vectors[i]);
        }
    }
}
