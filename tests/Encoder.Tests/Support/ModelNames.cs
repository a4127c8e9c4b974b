namespace Recommender.Encoder.Tests.Support;

/// <summary>The models `make models` writes.</summary>
internal static class ModelNames
{
    /// <summary>The default: all-MiniLM-L6-v2, mean pooling, 256 tokens.</summary>
    public const string MiniLm = "all-minilm-l6-v2";

    /// <summary>snowflake-arctic-embed-xs, CLS pooling, 512 tokens, a query prefix.</summary>
    public const string Arctic = "arctic-embed-xs";
}
