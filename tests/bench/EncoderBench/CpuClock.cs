using System.Diagnostics;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Wall time and the CPU time this process received over an interval. On a machine shared with
/// other work a run gets only part of the cores, so work per CPU-second (what a core does while it
/// runs this process) is compared as well as work per wall second.
/// </summary>
internal readonly record struct CpuInterval(double WallSeconds, double CpuSeconds)
{
    /// <summary>Cores this process had on average (CPU seconds per wall second).</summary>
    public double Cores => WallSeconds <= 0 ? 0 : CpuSeconds / WallSeconds;
}

/// <summary>Starts an interval; <see cref="Stop"/> ends it.</summary>
internal readonly struct CpuClock
{
    private readonly long _wallStart;
    private readonly TimeSpan _cpuStart;

    private CpuClock(long wallStart, TimeSpan cpuStart)
    {
        _wallStart = wallStart;
        _cpuStart = cpuStart;
    }

    public static CpuClock Start() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

    public CpuInterval Stop() => new(Stopwatch.GetElapsedTime(_wallStart).TotalSeconds, (Environment.CpuUsage.TotalTime - _cpuStart).TotalSeconds);
}
