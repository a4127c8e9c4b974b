using System.Globalization;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Reasons;
using Recommender.Ranking.Reranking;

namespace Recommender.Ranking.Service;

/// <summary>
/// The whole of Rank without the transport: validate, extract features, score, softmax over all
/// candidates, re-rank (or sort by score), explain. Stateless apart from the served weights, which
/// may be replaced at any time (each request scores with the model it read first); thread-safe.
/// </summary>
public sealed class RankingEngine
{
    private readonly RankingOptions _options;
    private readonly RankRequestValidator _validator;
    private readonly FeatureExtractor _extractor;
    private readonly ServedWeights _weights;

    public RankingEngine(ServedWeights weights, RankingOptions options)
    {
        options.Validate();
        _weights = weights;
        _options = options;
        _validator = new RankRequestValidator(options);
        _extractor = new FeatureExtractor(options.FreshnessHalfLifeDays);
    }

    /// <summary>An engine that always scores with <paramref name="model"/>.</summary>
    public RankingEngine(RankingModel model, RankingOptions options)
        : this(new ServedWeights(model, previous: null, path: null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), options)
    {
    }

    /// <summary>The scoring model in use now.</summary>
    public RankingModel Model => _weights.Model;

    /// <summary>Ranks the request's candidates.</summary>
    /// <param name="now">The time freshness is measured from.</param>
    /// <exception cref="RankRequestException">The request breaks a limit (the message names the field).</exception>
    public RankResponse Rank(RankRequest request, DateTimeOffset now)
    {
        _validator.Validate(request);
        var candidates = request.Candidates;
        var n = candidates.Count;
        var k = Math.Min(request.K, n);
        var model = _weights.Model;
        var response = new RankResponse { ModelVersion = model.Version };
        if (request.K > n)
        {
            response.Notes.Add($"k={request.K} is more than the {n} candidates; returning {n}");
        }

        var features = _extractor.Extract(request.User, candidates, now);
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = model.Score(features[i].Vector);
        }
        var temperature = request.Options?.HasTemperature == true ? request.Options.Temperature : _options.Temperature;
        var probabilities = Softmax.Probabilities(scores, temperature);
        var order = Order(request, features, scores, k, response.Notes);

        var reasons = new ReasonBuilder(request.User, _options.PopularReasonText, model);
        foreach (var index in order)
        {
            var candidate = candidates[index];
            var breakdown = model.Explain(features[index].Vector);
            var item = new RankedItem
            {
                ItemId = candidate.ItemId,
                Score = breakdown.Score,
                Probability = probabilities[index],
                Reason = reasons.Build(candidate, features[index], breakdown),
                CategoryPath = candidate.CategoryPath,
                InterestId = candidate.InterestId,
            };
            item.Contributions.AddRange(breakdown.Parts.Select(p => new FeatureContribution
            {
                Feature = p.Name,
                Value = p.Value,
                Weight = p.Weight,
                Contribution = p.Contribution,
            }));
            item.MissingFeatures.AddRange(features[index].Vector.Missing.Select(RankingFeatures.Name));
            response.Items.Add(item);
        }
        AddAbsenceNotes(features, response.Notes);
        return response;
    }

    private int[] Order(RankRequest request, IReadOnlyList<CandidateFeatures> features, double[] scores, int k, ICollection<string> notes)
    {
        var byScore = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var options = request.Options;
        if (options?.DisableReranking == true)
        {
            notes.Add("re-ranking disabled: items in score order");
            return byScore[..k];
        }

        var settings = new RerankSettings(
            options?.HasDiversityLambda == true ? options.DiversityLambda : _options.DiversityLambda,
            options?.HasCalibrationWeight == true ? options.CalibrationWeight : _options.CalibrationWeight,
            _options.CalibrationAlpha);
        var target = request.User is { } user ? CategoryDistribution.FromProfile(user.Categories, _options.CalibrationDepth) : null;
        if (target is null && settings.CalibrationWeight > 0)
        {
            notes.Add("calibration skipped: the user has no category distribution");
        }
        var pool = byScore[..Math.Min(scores.Length, Math.Max(k, _options.RerankPoolSize))];
        var poolCandidates = pool
            .Select(i => new RerankCandidate(scores[i], features[i].UnitVector, request.Candidates[i].CategoryPath))
            .ToList();
        var chosen = Reranker.Select(poolCandidates, k, settings, target);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"re-ranked the top {pool.Length} by score with diversity_lambda={settings.DiversityLambda}, calibration_weight={settings.CalibrationWeight} at category depth {target?.Depth ?? _options.CalibrationDepth}"));
        return chosen.Select(p => pool[p]).ToArray();
    }

    private static void AddAbsenceNotes(IReadOnlyList<CandidateFeatures> features, ICollection<string> notes)
    {
        foreach (var feature in RankingFeatures.All)
        {
            var absent = features.Count(f => !f.Vector.IsPresent(feature));
            if (absent > 0)
            {
                notes.Add($"{RankingFeatures.Name(feature)} absent for {absent} of {features.Count} candidates (not counted as zero)");
            }
        }
    }
}
