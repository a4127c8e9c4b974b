using System.Numerics.Tensors;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>Brute force: scores every live slot that <c>filter</c> accepts, chunk by chunk in memory order,
/// keeping the best k.</summary>
internal static class ExactSearch
{
    public static void Run<TFilter>(NodeStore store, ReadOnlySpan<float> query, int k, TFilter filter, MinScoreHeap results)
        where TFilter : struct, IAcceptFilter
    {
        results.Clear();
        int slots = store.SlotCount;
        int dimension = store.Dimension;
        for (int first = 0; first < slots; first += NodeStore.ChunkSize)
        {
            var chunk = store.GetChunk(first >> NodeStore.ChunkShift);
            var vectors = chunk.Vectors;
            var states = chunk.States;
            int end = Math.Min(NodeStore.ChunkSize, slots - first);
            for (int local = 0; local < end; local++)
            {
                if (Volatile.Read(ref states[local]) != (byte)NodeState.Live || !filter.Accept(first + local))
                {
                    continue;
                }
                float score = TensorPrimitives.Dot(query, new ReadOnlySpan<float>(vectors, local * dimension, dimension));
                if (results.Count < k)
                {
                    results.Push(score, first + local);
                }
                else if (score > results.TopScore)
                {
                    results.ReplaceTop(score, first + local);
                }
            }
        }
    }
}
