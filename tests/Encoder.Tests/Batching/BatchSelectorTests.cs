using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Tests.Batching;

public sealed class BatchSelectorTests
{
    private static LinkedList<QueuedItem> Queue(params int[] lengths)
    {
        var queue = new LinkedList<QueuedItem>();
        for (var i = 0; i < lengths.Length; i++)
        {
            var request = new PendingRequest([Sequences.Tagged(i, lengths[i])], DateTime.MaxValue, long.MaxValue, 0);
            request.Items[0].Node = queue.AddLast(request.Items[0]);
        }

        return queue;
    }

    private static int[] Lengths(BatchPlan plan) => [.. plan.Items.Select(item => item.Length)];

    [Fact]
    public void The_window_that_carries_the_most_tokens_is_chosen_around_the_oldest_length()
    {
        // Oldest is 20; with 20% padding allowed, [20, 25] holds four items, [16, 20] only two.
        var plan = BatchSelector.Select(Queue(20, 16, 24, 25, 23, 40, 8), new BatcherOptions { MaxPaddingRatio = 0.2 });

        Assert.Equal([20, 24, 25, 23], Lengths(plan));
        Assert.Equal(25, plan.PaddedLength);
        Assert.False(plan.IsFull);
    }

    [Fact]
    public void No_padding_allowed_groups_equal_lengths_only()
    {
        var plan = BatchSelector.Select(Queue(10, 11, 10, 9, 10), new BatcherOptions { MaxPaddingRatio = 0 });

        Assert.Equal([10, 10, 10], Lengths(plan));
    }

    [Fact]
    public void The_oldest_items_of_the_window_are_taken_first_up_to_the_limits()
    {
        var plan = BatchSelector.Select(Queue(10, 10, 10, 10, 10, 10), new BatcherOptions { MaxBatchSize = 64, MaxBatchTokens = 35 });

        Assert.Equal(3, plan.Items.Count);
        Assert.Equal([0, 1, 2], plan.Items.Select(item => item.Ids[0]));
        Assert.True(plan.IsFull);
    }

    [Fact]
    public void A_sequence_longer_than_the_budget_forms_a_full_batch_alone()
    {
        var plan = BatchSelector.Select(Queue(100, 100, 5), new BatcherOptions { MaxBatchTokens = 64 });

        Assert.Equal([100], Lengths(plan));
        Assert.True(plan.IsFull);
    }

    [Fact]
    public void Only_the_head_of_the_queue_is_searched_so_later_arrivals_overtake_by_at_most_a_batch()
    {
        // Budget 100: candidates are the oldest items within 200 tokens (10 + 50 + 50 + 50).
        var plan = BatchSelector.Select(Queue(10, 50, 50, 50, 50, 10, 10, 10), new BatcherOptions { MaxBatchTokens = 100 });

        Assert.Equal([10], Lengths(plan));
        Assert.False(plan.IsFull);

        var wider = BatchSelector.Select(Queue(10, 50, 50, 50, 50, 10, 10, 10), new BatcherOptions { MaxBatchTokens = 1000 });
        Assert.Equal([10, 10, 10, 10], Lengths(wider));
    }
}
