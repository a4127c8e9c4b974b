using System.Diagnostics;
using System.Globalization;

namespace Recommender.InterestEval;

/// <summary>
/// Evaluates the interest model and prints markdown tables. Usage:
/// <c>dotnet run -c Release --project tests/bench/InterestEval [-- --quick] [--movielens DIR]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var quick = args.Contains("--quick");
        var movieLens = ArgumentAfter(args, "--movielens") ?? DefaultMovieLensDirectory();
        var total = Stopwatch.StartNew();
        Console.WriteLine("# Interest model evaluation");
        Console.WriteLine();
        Console.WriteLine($"Command: `dotnet run -c Release --project tests/bench/InterestEval{(quick ? " -- --quick" : "")}`; " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, seeds fixed.");
        Console.WriteLine();
        var accuracy = new List<AccuracyResult>();
        foreach (var shape in new[] { WorldShape.Concentrated, WorldShape.Diffuse })
        {
            accuracy.Add(AccuracyBenchmark.Run(new AccuracySettings(
                Seed: 20240601,
                TrainingUsers: quick ? 1000 : 4000,
                TestUsersPerSize: quick ? 300 : 1000,
                Sizes: [5, 20, 100],
                Shape: shape)));
            Report.Accuracy(accuracy[^1]);
        }
        var drift = DriftBenchmark.Run(new DriftSettings(
            Seed: 20240602,
            TrainingUsers: quick ? 1000 : 2000,
            UsersPerGroup: quick ? 300 : 1000,
            HistoryLengths: [20, 100],
            EventsAfterShift: 20,
            MinShiftDivergence: 0.3));
        Report.Drift(drift);
        var movieLensResult = MovieLensBenchmark.Run(movieLens);
        Report.MovieLens(movieLensResult);
        Report.Cost(CostBenchmark.Run(seed: 20240603, users: quick ? 5000 : 20000, eventsPerUser: 40));
        Report.Goals(accuracy, drift, movieLensResult);
        Console.WriteLine($"_Total time: {total.Elapsed.TotalSeconds:F1} s._");
        return 0;
    }

    private static string? ArgumentAfter(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The MovieLens folder relative to the repository root: <c>../shared/data/movielens-latest-small</c>.</summary>
    private static string DefaultMovieLensDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "movielens-latest-small"));
            }
        }
        return Path.GetFullPath(Path.Combine("..", "shared", "data", "movielens-latest-small"));
    }
}
