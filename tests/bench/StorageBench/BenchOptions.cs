namespace Recommender.StorageBench;

/// <summary>Command-line settings of the benchmark.</summary>
internal sealed record BenchOptions(string Directory, double Seconds, int RecordBytes, int[] Appenders, bool IncludeNoFsync, string? Redis = null)
{
    public const string Usage =
        "usage: StorageBench [--dir PATH] [--seconds 5] [--record-bytes 200] [--appenders 1,16,64] [--no-fsync-row] [--redis HOST:PORT]";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(
            Path.Combine(Path.GetTempPath(), "recommender-storage-bench"), 5, 200, [1, 16, 64], false);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--dir" => options with { Directory = Value() },
                "--seconds" => options with { Seconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--record-bytes" => options with { RecordBytes = int.Parse(Value()) },
                "--appenders" => options with { Appenders = Value().Split(',').Select(int.Parse).ToArray() },
                "--no-fsync-row" => options with { IncludeNoFsync = true },
                "--redis" => options with { Redis = Value() },
                _ => throw new ArgumentException($"unknown argument {args[i]}. {Usage}"),
            };
        }

        if (options.Seconds <= 0 || options.RecordBytes < 1 || options.Appenders.Any(a => a < 1))
        {
            throw new ArgumentException($"--seconds, --record-bytes and --appenders must be positive. {Usage}");
        }

        return options;
    }
}
