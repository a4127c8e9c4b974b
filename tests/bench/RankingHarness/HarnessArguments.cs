using System.Globalization;

namespace Recommender.Bench.RankingHarness;

/// <summary>
/// Command line: <c>--users N</c> (first N users by id; default all), <c>--out FILE</c> (also write the
/// report there), <c>--pool N</c> (Recommend's candidate pool, 100 to 1,000; default 1,000, the most the gateway allows: retrieval is by content, so a larger pool finds more of what users rate next),
/// <c>--covisited N</c> (co-visited candidates the gateway adds beside retrieval's, 0 to 1,000; default 200),
/// <c>--calibration-weight X</c> and <c>--diversity-lambda X</c> (re-ranking options in [0, 1]; default
/// ranking's configured defaults), <c>--parallel N</c> (users evaluated at once, 1 to 16; default 4),
/// <c>--data DIR</c> (default ../shared/data/movielens-latest-small from the repository root).
/// </summary>
public sealed record HarnessArguments(int? Users, string? OutPath, int CandidatePool, int CovisitedCandidates, double? CalibrationWeight, double? DiversityLambda, int Parallelism, string? DataDirectory)
{
    public static HarnessArguments Parse(string[] args)
    {
        int? users = null;
        string? output = null;
        string? data = null;
        var pool = 1000;
        var covisited = 200;
        double? calibration = null;
        double? diversity = null;
        var parallel = 4;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--users":
                    users = Int(Value(), "--users", 1, 1_000_000);
                    break;
                case "--out":
                    output = Value();
                    break;
                case "--data":
                    data = Value();
                    break;
                case "--pool":
                    pool = Int(Value(), "--pool", 100, 1000);
                    break;
                case "--covisited":
                    covisited = Int(Value(), "--covisited", 0, 1000);
                    break;
                case "--parallel":
                    parallel = Int(Value(), "--parallel", 1, 16);
                    break;
                case "--calibration-weight":
                    calibration = Unit(Value(), "--calibration-weight");
                    break;
                case "--diversity-lambda":
                    diversity = Unit(Value(), "--diversity-lambda");
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}' (known: --users N, --out FILE, --pool N, --covisited N, --calibration-weight X, --diversity-lambda X, --parallel N, --data DIR)");
            }
        }
        return new HarnessArguments(users, output, pool, covisited, calibration, diversity, parallel, data);
    }

    /// <summary>The command line that reproduces this run.</summary>
    public string Command(string[] args) =>
        "dotnet run -c Release --project tests/bench/RankingHarness" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");

    private static int Int(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be an integer from {min} to {max}, got '{text}'");

    private static double Unit(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw new ArgumentException($"{name} must be a number in [0, 1], got '{text}'");
}
