using System.Text.Json;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.RankingConsole;

/// <summary>
/// Trains from a JSONL file, one labelled list per line:
/// <c>{"candidates": [{"interest_similarity": 0.61, "popularity": 0.02}, ...], "positives": [0]}</c>
/// (feature names as in weights files; a feature left out or null is absent), and writes the weights file.
/// </summary>
internal static class TrainFromFile
{
    public static int Run(Arguments arguments)
    {
        var input = arguments.Required("examples");
        var output = arguments.Required("out");
        var options = new TrainerOptions
        {
            Objective = Enum.Parse<TrainingObjective>(arguments.String("objective", "softmax"), ignoreCase: true),
            L2 = arguments.Double("l2", 1e-3),
            Version = arguments.String("version", "") is { Length: > 0 } version ? version : null,
        };
        var lists = Read(input);
        var result = RankingTrainer.Train(lists, options);
        WeightsFile.Save(result.Model, output);
        var report = result.Report;
        Console.WriteLine($"{result.Model.Version}: {report.ListsUsed} lists used, {report.ListsSkipped} skipped, {report.Candidates} candidates, " +
            $"{report.Iterations} iterations, converged {report.Converged}, loss {report.Loss:F6}");
        foreach (var weight in result.Model.Weights)
        {
            Console.WriteLine($"  {RankingFeatures.Name(weight.Feature),-20} weight {weight.Weight,9:F4}  missing {weight.MissingWeight,9:F4}  coverage {report.Coverage[weight.Feature]:P1}");
        }
        Console.WriteLine($"wrote {Path.GetFullPath(output)}");
        return 0;
    }

    private static List<TrainingList> Read(string path)
    {
        var lists = new List<TrainingList>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                lists.Add(Parse(line));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException or FormatException)
            {
                throw new ArgumentException($"{path}:{number}: {e.Message}", e);
            }
        }
        return lists;
    }

    private static TrainingList Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var candidates = new List<FeatureVector>();
        foreach (var candidate in root.GetProperty("candidates").EnumerateArray())
        {
            var vector = new FeatureVector();
            foreach (var property in candidate.EnumerateObject())
            {
                if (!RankingFeatures.TryParse(property.Name, out var feature))
                {
                    throw new ArgumentException($"\"{property.Name}\" is not a feature");
                }
                vector[feature] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetDouble();
            }
            candidates.Add(vector);
        }
        var positives = root.GetProperty("positives").EnumerateArray().Select(p => p.GetInt32()).ToList();
        return new TrainingList(candidates, positives);
    }
}
