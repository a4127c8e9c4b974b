using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Training;

/// <summary>
/// Fits the linear ranking model offline from labelled candidate lists and returns a
/// <see cref="RankingModel"/> ready for <see cref="WeightsFile.Save"/>.
/// <list type="number">
/// <item>Lists without a positive or without a negative are skipped (nothing to learn from).</item>
/// <item>Each feature is standardised with the mean and standard deviation of its present,
/// transformed values over all candidates; absent values get 0 (the mean) and, optionally, a
/// missing indicator with its own weight.</item>
/// <item>The objective (logistic, pairwise or softmax; see <see cref="TrainingObjective"/>) plus an L2
/// penalty is minimised by Newton's method from zero. Same input, same output, bit for bit.</item>
/// </list>
/// </summary>
public static class RankingTrainer
{
    /// <summary>Trains a model.</summary>
    /// <exception cref="ArgumentException">Invalid options, a positive index out of range or repeated, or no usable list.</exception>
    public static TrainingResult Train(IReadOnlyList<TrainingList> lists, TrainerOptions? options = null)
    {
        options ??= new TrainerOptions();
        options.Validate();
        var usable = SelectUsable(lists);
        if (usable.Count == 0)
        {
            throw new ArgumentException($"none of the {lists.Count} lists has both a positive and a negative candidate", nameof(lists));
        }

        var requested = options.Features?.Distinct().Order().ToList() ?? [.. RankingFeatures.All];
        var candidates = usable.Sum(l => l.Candidates.Count);
        var coverage = new Dictionary<RankingFeature, double>();
        var features = new List<RankingFeature>();
        var statistics = new List<(double Mean, double StdDev)>();
        foreach (var feature in requested)
        {
            var (present, mean, stdDev) = Statistics(usable, feature);
            coverage[feature] = (double)present / candidates;
            if (present > 0)
            {
                features.Add(feature);
                statistics.Add((mean, stdDev));
            }
        }

        var withBias = options.Objective == TrainingObjective.Logistic;
        var data = DesignMatrix.Build(usable, features, statistics, withBias, options.FitMissingWeights);
        var loss = TrainingLoss.For(options.Objective, data, options.BalanceClasses);
        var fit = NewtonSolver.Minimise(loss, data.Columns, options.L2, data.BiasColumn, options.MaxIterations, options.Tolerance);

        var weights = features.Select((feature, f) => new FeatureWeight(
            feature,
            Weight: fit.Theta[data.FeatureColumns[(int)feature]],
            Mean: statistics[f].Mean,
            StdDev: statistics[f].StdDev,
            MissingWeight: data.MissingColumns[(int)feature] is >= 0 and var column ? fit.Theta[column] : 0)).ToList();
        var bias = withBias ? fit.Theta[data.BiasColumn] : 0;
        var summary = new TrainingSummary(usable.Count, candidates, options.L2, fit.Iterations, fit.Objective, fit.Converged);
        var version = options.Version ?? DeriveVersion(options.Objective, bias, weights);
        var model = new RankingModel(version, options.Objective, bias, weights, summary);
        var report = new TrainingReport(usable.Count, lists.Count - usable.Count, candidates, fit.Iterations, fit.Converged, fit.Objective, coverage);
        return new TrainingResult(model, report);
    }

    private static List<TrainingList> SelectUsable(IReadOnlyList<TrainingList> lists)
    {
        var usable = new List<TrainingList>();
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l] ?? throw new ArgumentException($"lists[{l}] is null", nameof(lists));
            var seen = new HashSet<int>();
            foreach (var positive in list.Positives)
            {
                if (positive < 0 || positive >= list.Candidates.Count)
                {
                    throw new ArgumentException($"lists[{l}]: positive index {positive} is outside 0..{list.Candidates.Count - 1}", nameof(lists));
                }
                if (!seen.Add(positive))
                {
                    throw new ArgumentException($"lists[{l}]: positive index {positive} is listed twice", nameof(lists));
                }
            }
            if (list.Candidates.Any(c => c is null))
            {
                throw new ArgumentException($"lists[{l}] has a null candidate", nameof(lists));
            }
            if (seen.Count > 0 && seen.Count < list.Candidates.Count)
            {
                usable.Add(list);
            }
        }
        return usable;
    }

    /// <summary>Count, mean and standard deviation (population; 1 when constant) of the present transformed values.</summary>
    private static (int Present, double Mean, double StdDev) Statistics(List<TrainingList> lists, RankingFeature feature)
    {
        var count = 0;
        var sum = 0.0;
        foreach (var list in lists)
        {
            foreach (var candidate in list.Candidates)
            {
                if (candidate[feature] is { } raw)
                {
                    count++;
                    sum += RankingFeatures.Transform(feature, raw);
                }
            }
        }
        if (count == 0)
        {
            return (0, 0, 1);
        }
        var mean = sum / count;
        var squares = 0.0;
        foreach (var list in lists)
        {
            foreach (var candidate in list.Candidates)
            {
                if (candidate[feature] is { } raw)
                {
                    var deviation = RankingFeatures.Transform(feature, raw) - mean;
                    squares += deviation * deviation;
                }
            }
        }
        var stdDev = Math.Sqrt(squares / count);
        return (count, mean, stdDev > 1e-12 ? stdDev : 1);
    }

    private static string DeriveVersion(TrainingObjective objective, double bias, IReadOnlyList<FeatureWeight> weights)
    {
        var text = new StringBuilder(WeightsFile.ObjectiveName(objective)).Append(';').Append(bias.ToString("R", CultureInfo.InvariantCulture));
        foreach (var w in weights)
        {
            text.Append(';').Append(RankingFeatures.Name(w.Feature));
            foreach (var value in new[] { w.Weight, w.Mean, w.StdDev, w.MissingWeight })
            {
                text.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return $"{WeightsFile.ObjectiveName(objective)}-{Convert.ToHexStringLower(hash)[..12]}";
    }
}
