using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Recommender.Encoder.Bench;

/// <summary>One measured MatMul point: [rows x k] x [k x n] under a threading layout.</summary>
internal sealed record MatMulPoint(int Rows, int K, int N, Threading Threading, double GigaFlops, CpuInterval Time)
{
    /// <summary>GFLOP per wall second.</summary>
    public double WallRate => GigaFlops / Time.WallSeconds;

    /// <summary>GFLOP per CPU-second this process received: the rate of one busy core.</summary>
    public double CoreRate => GigaFlops / Time.CpuSeconds;
}

/// <summary>
/// ONNX Runtime's MatMul throughput on this machine: a MatMul-only graph (<see cref="MatMulGraph"/>)
/// run with the same session settings as the encoder (graph optimisation on, the given intra-op
/// threads and spinning), from <see cref="Threading.Workers"/> threads at once, inputs and outputs
/// pre-bound so only the kernel is timed.
/// </summary>
internal static class MatMulPeak
{
    public static MatMulPoint Measure(int rows, int k, int n, Threading threading, TimeSpan duration)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threading.IntraOp,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", threading.Spinning ? "1" : "0");
        using var session = new InferenceSession(MatMulGraph.Build(k, n), options);

        long runs = 0;
        using var start = new Barrier(threading.Workers + 1);
        var stopAt = long.MaxValue;
        var workers = Enumerable.Range(0, threading.Workers).Select(_ => new Thread(() =>
        {
            var x = new float[rows * k];
            Array.Fill(x, 0.01f);
            var y = new float[rows * n];
            using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, k]);
            using var output = OrtValue.CreateTensorValueFromMemory(y, [rows, n]);
            using var runOptions = new RunOptions();
            string[] inputs = [MatMulGraph.InputName];
            string[] outputs = [MatMulGraph.OutputName];
            OrtValue[] inputValues = [input];
            OrtValue[] outputValues = [output];
            for (var i = 0; i < 3; i++)
            {
                session.Run(runOptions, inputs, inputValues, outputs, outputValues);
            }

            start.SignalAndWait();
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
            {
                session.Run(runOptions, inputs, inputValues, outputs, outputValues);
                Interlocked.Increment(ref runs);
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        var clock = CpuClock.Start();
        Volatile.Write(ref stopAt, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        start.SignalAndWait();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        return new MatMulPoint(rows, k, n, threading, runs * 2.0 * rows * k * n / 1e9, clock.Stop());
    }
}
