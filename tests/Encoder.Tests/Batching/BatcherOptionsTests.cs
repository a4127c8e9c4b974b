using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Tests.Batching;

public sealed class BatcherOptionsTests
{
    public static TheoryData<Action<BatcherOptions>, string, string> InvalidOptions => new()
    {
        { o => o.MaxBatchSize = 0, "MaxBatchSize", "between 1 and 4096" },
        { o => o.MaxBatchSize = 5000, "MaxBatchSize", "between 1 and 4096" },
        { o => o.MaxBatchTokens = 0, "MaxBatchTokens", "between 1 and 1048576" },
        { o => o.MaxQueueDelay = TimeSpan.FromMilliseconds(-1), "MaxQueueDelay", "between 0 and" },
        { o => o.MaxQueueDelay = TimeSpan.FromSeconds(2), "MaxQueueDelay", "between 0 and" },
        { o => o.MaxPaddingRatio = -0.1, "MaxPaddingRatio", "between 0 and 0.9" },
        { o => o.MaxPaddingRatio = 0.95, "MaxPaddingRatio", "between 0 and 0.9" },
        { o => o.MaxQueuedItems = 0, "MaxQueuedItems", "at least 1" },
        { o => o.MaxQueuedTokens = -5, "MaxQueuedTokens", "at least 1" },
        { o => o.WorkerCount = 0, "WorkerCount", "between 1 and 64" },
        { o => o.WorkerCount = 65, "WorkerCount", "between 1 and 64" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_option_outside_its_limits_is_rejected_with_its_name_and_limit(Action<BatcherOptions> change, string option, string limit)
    {
        var options = new BatcherOptions();
        change(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
        Assert.Contains($"Encoder:Batching:{option} must be {limit}", error.Message);
        Assert.Throws<ArgumentException>(() => new DynamicBatcher("m", new RecordingInference(), options));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        new BatcherOptions().Validate();
    }

    [Fact]
    public async Task The_batcher_keeps_its_own_copy_of_the_options()
    {
        var options = new BatcherOptions { MaxBatchSize = 8 };
        await using var batcher = new DynamicBatcher("m", new RecordingInference(), options);
        options.MaxBatchSize = 1;

        Assert.Equal(8, batcher.Options.MaxBatchSize);
    }
}
