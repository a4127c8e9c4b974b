using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Recommender.Encoder.Bench;

/// <summary>What the numbers were measured on.</summary>
internal static class MachineInfo
{
    public static string Describe(bool onnx) =>
        $"{CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}" +
        (onnx ? $", ONNX Runtime {OrtEnv.Instance().GetVersionString()} (CPU provider)" : "") +
        (File.Exists("/dev/nvidia0") ? ", NVIDIA GPU present (not used: the bench runs the CPU provider)" : ", no GPU");

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
