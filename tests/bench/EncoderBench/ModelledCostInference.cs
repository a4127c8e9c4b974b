using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Not a model: sleeps for the time a transformer of the given shape would take on one CPU core
/// and returns empty vectors. Cost = FLOPs / (plateau x rows / (rows + halfRows)) + fixed overhead,
/// an efficiency curve like ONNX Runtime's MatMul on this machine (rows = batch x padded length).
/// Sleeping workers hardly feel other processes, so this isolates the scheduler's behaviour on a
/// shared, noisy machine; the numbers it gives describe the scheduler, not the hardware.
/// </summary>
internal sealed class ModelledCostInference(TransformerShape shape, double plateauGflops, double halfEfficiencyRows, double overheadMs)
    : IBatchInference
{
    public float[][] Run(IReadOnlyList<int[]> sequences)
    {
        var padded = sequences.Max(s => s.Length);
        double rows = sequences.Count * padded;
        var efficiency = rows / (rows + halfEfficiencyRows);
        var seconds = (shape.Flops(sequences.Count, padded) / (plateauGflops * 1e9 * efficiency)) + (overheadMs / 1000);
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        return [.. sequences.Select(_ => new float[shape.Hidden])];
    }
}
