using System.Numerics.Tensors;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>Brute force: scores every accepted slot, chunk by chunk in memory order, keeping the best k.</summary>
internal static class ExactSearch
{
    public static void Run<TAccept>(NodeStore store, ReadOnlySpan<float> query, int k, TAccept accept, MinScoreHeap results)
        where TAccept : struct, IAcceptFilter
    {
        results.Clear();
        int slots = store.SlotCount;
        int dimension = store.Dimension;
        int stride = store.Stride;
        for (int first = 0; first < slots; first += NodeStore.ChunkSize)
        {
            var data = store.GetChunk(first >> NodeStore.ChunkShift).Data;
            int end = Math.Min(NodeStore.ChunkSize, slots - first);
            for (int local = 0; local < end; local++)
            {
                int id = first + local;
                if (!accept.Accept(id))
                {
                    continue;
                }
                float score = TensorPrimitives.Dot(query, new ReadOnlySpan<float>(data, local * stride, dimension));
                if (results.Count < k)
                {
                    results.Push(score, id);
                }
                else if (score > results.TopScore)
                {
                    results.ReplaceTop(score, id);
                }
            }
        }
    }
}
