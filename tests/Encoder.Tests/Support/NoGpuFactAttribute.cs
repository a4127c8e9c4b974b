namespace Recommender.Encoder.Tests.Support;

/// <summary>A fact about behaviour without a GPU, skipped on machines that have an NVIDIA device.</summary>
public sealed class NoGpuFactAttribute : FactAttribute
{
    public NoGpuFactAttribute()
    {
        if (File.Exists("/dev/nvidia0"))
        {
            Skip = "this machine has an NVIDIA GPU (/dev/nvidia0)";
        }
    }
}
