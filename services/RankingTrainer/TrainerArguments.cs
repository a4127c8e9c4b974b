using System.Globalization;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;

namespace Recommender.RankingTrainer;

/// <summary>The command line: <c>[run|snapshot] --option value ...</c>.</summary>
public static class TrainerArguments
{
    public const string Usage = """
        Recommender.RankingTrainer [run|snapshot] [options]
          run        label the last snapshot with what users did since, train, publish to every ranking replica if better
                     on held-out users, then take the snapshot the next run labels (the default)
          snapshot   only take a snapshot
        options (defaults: make run's ports):
          --interest-model URL   --retrieval URL   --ranking URL[,URL...] (host names resolve to every replica)
          --state FILE (the snapshot kept between runs)   --active-within-days N (0: all users)   --max-users N
          --parallel N   --held-out-percent N   --min-training-lists N   --min-held-out-lists N   --min-gain X
          --objective softmax|logistic|pairwise   --l2 X   --features NAME[,NAME...] (default all)   --freshness-half-life-days X
          --interests N   --pool N   --covisited N   --seen N   --short-term-floor X   (as the gateway's Gateway:Recommend)
          --call-timeout-seconds N
        """;

    /// <exception cref="ArgumentException">An unknown option or a bad value; the message names it.</exception>
    public static (string Command, TrainerSettings Settings) Parse(IReadOnlyList<string> args)
    {
        var command = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
        if (command is not ("run" or "snapshot"))
        {
            throw new ArgumentException($"unknown command {command}: run or snapshot");
        }
        var settings = new TrainerSettings();
        var pipeline = settings.Pipeline;
        for (var i = command == args.ElementAtOrDefault(0) ? 1 : 0; i < args.Count; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            settings = name switch
            {
                "--interest-model" => settings with { InterestModelAddress = value },
                "--retrieval" => settings with { CandidateRetrievalAddress = value },
                "--ranking" => settings with { RankingAddresses = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--state" => settings with { SnapshotPath = value },
                "--active-within-days" => settings with { ActiveWithinDays = Number(name, value) },
                "--max-users" => settings with { MaxUsers = Integer(name, value) },
                "--parallel" => settings with { Parallelism = Integer(name, value) },
                "--held-out-percent" => settings with { HeldOutPercent = Integer(name, value) },
                "--min-training-lists" => settings with { MinTrainingLists = Integer(name, value) },
                "--min-held-out-lists" => settings with { MinHeldOutLists = Integer(name, value) },
                "--min-gain" => settings with { MinGain = Number(name, value) },
                "--objective" => settings with { Objective = Objective(value) },
                "--l2" => settings with { L2 = Number(name, value) },
                "--features" => settings with { Features = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Feature).ToList() },
                "--freshness-half-life-days" => settings with { FreshnessHalfLifeDays = Number(name, value) },
                "--call-timeout-seconds" => settings with { CallTimeout = TimeSpan.FromSeconds(Number(name, value)) },
                "--interests" => settings with { Pipeline = pipeline = pipeline with { Interests = Integer(name, value) } },
                "--pool" => settings with { Pipeline = pipeline = pipeline with { CandidatePool = Integer(name, value) } },
                "--covisited" => settings with { Pipeline = pipeline = pipeline with { CovisitedCandidates = Integer(name, value) } },
                "--seen" => settings with { Pipeline = pipeline = pipeline with { SeenItems = Integer(name, value) } },
                "--short-term-floor" => settings with { Pipeline = pipeline = pipeline with { ShortTermFloor = Number(name, value) } },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        settings.Validate();
        return (command, settings);
    }

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} must be a whole number, got {value}");

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"{name} must be a number, got {value}");

    private static RankingFeature Feature(string name) =>
        RankingFeatures.TryParse(name, out var feature)
            ? feature
            : throw new ArgumentException($"--features: {name} is not a feature (known: {string.Join(", ", RankingFeatures.All.Select(RankingFeatures.Name))})");

    private static TrainingObjective Objective(string value) =>
        Enum.TryParse<TrainingObjective>(value, ignoreCase: true, out var objective) && Enum.IsDefined(objective)
            ? objective
            : throw new ArgumentException($"--objective must be softmax, logistic or pairwise, got {value}");
}
