namespace Recommender.Encoder.Batching;

/// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every encoder metric is published on.</summary>
public static class EncoderMeter
{
    /// <summary>Meter name the host exports on /metrics.</summary>
    public const string Name = "Recommender.Encoder";

    /// <summary>Tag naming the model a measurement belongs to.</summary>
    public const string ModelTag = "model";
}
