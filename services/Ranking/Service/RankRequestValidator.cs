using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Service;

/// <summary>
/// Checks a rank request against the limits of <see cref="RankingOptions"/> and the contract, and
/// throws <see cref="RankRequestException"/> naming the first field out of bounds and the limit.
/// A k above the number of candidates is not an error: the engine clamps it.
/// </summary>
public sealed class RankRequestValidator(RankingOptions options)
{
    /// <summary>Ids are 1 to this many characters (common.proto).</summary>
    public const int MaxIdLength = 128;

    /// <summary>Validates the request.</summary>
    /// <exception cref="RankRequestException">The first violation found.</exception>
    public void Validate(RankRequest request)
    {
        var dimension = new DimensionCheck(options.MaxVectorDimension);
        if (request.User is { } user)
        {
            ValidateUser(user, dimension);
        }
        ValidateCandidates(request.Candidates, dimension);
        if (request.K < 1 || request.K > options.MaxK)
        {
            throw new RankRequestException("k", $"k must be 1 to {options.MaxK}, got {request.K}");
        }
        if (request.Options is { } rankOptions)
        {
            if (rankOptions.HasTemperature && (!(rankOptions.Temperature > 0) || !double.IsFinite(rankOptions.Temperature)))
            {
                throw new RankRequestException("options.temperature", $"options.temperature must be a finite number above 0, got {rankOptions.Temperature}");
            }
            if (rankOptions.HasDiversityLambda)
            {
                RequireUnit("options.diversity_lambda", rankOptions.DiversityLambda);
            }
            if (rankOptions.HasCalibrationWeight)
            {
                RequireUnit("options.calibration_weight", rankOptions.CalibrationWeight);
            }
        }
    }

    private void ValidateUser(UserContext user, DimensionCheck dimension)
    {
        if (user.UserId.Length > MaxIdLength)
        {
            throw new RankRequestException("user.user_id", $"user.user_id must be at most {MaxIdLength} characters, got {user.UserId.Length}");
        }
        RequireCount("user.categories", user.Categories.Count, options.MaxUserCategories);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < user.Categories.Count; i++)
        {
            var field = $"user.categories[{i}]";
            var category = user.Categories[i];
            if (category.CategoryPath.Length == 0 || !CategoryPath.IsWellFormed(category.CategoryPath))
            {
                throw new RankRequestException(field + ".category_path", $"{field}.category_path \"{category.CategoryPath}\" must be non-empty segments separated by '/'");
            }
            if (!paths.Add(category.CategoryPath))
            {
                throw new RankRequestException(field + ".category_path", $"{field}.category_path \"{category.CategoryPath}\" is listed twice");
            }
            RequireUnit(field + ".probability", category.Probability);
        }

        RequireCount("user.interests", user.Interests.Count, options.MaxInterests);
        var interestIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < user.Interests.Count; i++)
        {
            var field = $"user.interests[{i}]";
            var interest = user.Interests[i];
            RequireId(field + ".interest_id", interest.InterestId);
            if (!interestIds.Add(interest.InterestId))
            {
                throw new RankRequestException(field + ".interest_id", $"{field}.interest_id \"{interest.InterestId}\" is listed twice");
            }
            RequirePath(field + ".category_path", interest.CategoryPath);
            RequireUnit(field + ".probability", interest.Probability);
            dimension.Check(field + ".vector", interest.Vector);
        }
        dimension.Check("user.overall_vector", user.OverallVector);
        RequireCount("user.recent_items", user.RecentItems.Count, options.MaxRecentItems);
        for (var i = 0; i < user.RecentItems.Count; i++)
        {
            RequireTimestamp($"user.recent_items[{i}].timestamp", user.RecentItems[i].Timestamp);
        }
    }

    private void ValidateCandidates(RepeatedField<RankCandidate> candidates, DimensionCheck dimension)
    {
        if (candidates.Count < 1 || candidates.Count > options.MaxCandidates)
        {
            throw new RankRequestException("candidates", $"candidates must hold 1 to {options.MaxCandidates} items, got {candidates.Count}");
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            var field = $"candidates[{i}]";
            var candidate = candidates[i];
            RequireId(field + ".item_id", candidate.ItemId);
            if (!seen.TryAdd(candidate.ItemId, i))
            {
                throw new RankRequestException(field + ".item_id", $"{field}.item_id \"{candidate.ItemId}\" repeats candidates[{seen[candidate.ItemId]}]; candidate ids must be distinct");
            }
            RequirePath(field + ".category_path", candidate.CategoryPath);
            dimension.Check(field + ".vector", candidate.Vector);
            if (candidate.HasRetrievalScore && !double.IsFinite(candidate.RetrievalScore))
            {
                throw new RankRequestException(field + ".retrieval_score", $"{field}.retrieval_score must be finite, got {candidate.RetrievalScore}");
            }
            if (candidate.HasCovisitation && (!(candidate.Covisitation >= 0) || !double.IsFinite(candidate.Covisitation)))
            {
                throw new RankRequestException(field + ".covisitation", $"{field}.covisitation must be a finite number of at least 0, got {candidate.Covisitation}");
            }
            if (candidate.HasPopularity)
            {
                RequireUnit(field + ".popularity", candidate.Popularity);
            }
            RequireTimestamp(field + ".created_at", candidate.CreatedAt);
            RequireCount(field + ".covisit_sources", candidate.CovisitSources.Count, options.MaxCovisitSources);
            for (var s = 0; s < candidate.CovisitSources.Count; s++)
            {
                if (!double.IsFinite(candidate.CovisitSources[s].Weight))
                {
                    throw new RankRequestException($"{field}.covisit_sources[{s}].weight", $"{field}.covisit_sources[{s}].weight must be finite, got {candidate.CovisitSources[s].Weight}");
                }
            }
        }
    }

    private static void RequireCount(string field, int count, int limit)
    {
        if (count > limit)
        {
            throw new RankRequestException(field, $"{field} must hold at most {limit} entries, got {count}");
        }
    }

    private static void RequireId(string field, string id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            throw new RankRequestException(field, $"{field} must be 1 to {MaxIdLength} characters, got {id.Length}");
        }
    }

    private static void RequirePath(string field, string path)
    {
        if (!CategoryPath.IsWellFormed(path))
        {
            throw new RankRequestException(field, $"{field} \"{path}\" must be non-empty segments separated by '/'");
        }
    }

    private static void RequireUnit(string field, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new RankRequestException(field, $"{field} must be in [0, 1], got {value}");
        }
    }

    private static void RequireTimestamp(string field, Timestamp? timestamp)
    {
        // The range of google.protobuf.Timestamp: 0001-01-01 to 9999-12-31, nanos 0 to 999,999,999.
        if (timestamp is not null && (timestamp.Seconds is < -62_135_596_800 or > 253_402_300_799 || timestamp.Nanos is < 0 or > 999_999_999))
        {
            throw new RankRequestException(field, $"{field} is not a valid timestamp (years 1 to 9999, nanos 0 to 999999999)");
        }
    }

    /// <summary>Every non-empty vector must have the same dimension, be finite and not be all zero.</summary>
    private sealed class DimensionCheck(int maxDimension)
    {
        private int _dimension;
        private string _firstField = "";

        public void Check(string field, RepeatedField<float> vector)
        {
            if (vector.Count == 0)
            {
                return;
            }
            if (vector.Count > maxDimension)
            {
                throw new RankRequestException(field, $"{field} has {vector.Count} dimensions; the limit is {maxDimension}");
            }
            if (_dimension == 0)
            {
                _dimension = vector.Count;
                _firstField = field;
            }
            else if (vector.Count != _dimension)
            {
                throw new RankRequestException(field, $"{field} has {vector.Count} dimensions but {_firstField} has {_dimension}; all vectors must have the same dimension");
            }
            var allZero = true;
            for (var i = 0; i < vector.Count; i++)
            {
                if (!float.IsFinite(vector[i]))
                {
                    throw new RankRequestException(field, $"{field}[{i}] is {vector[i]}; vector values must be finite");
                }
                allZero &= vector[i] == 0;
            }
            if (allZero)
            {
                throw new RankRequestException(field, $"{field} is all zero; leave it empty when unknown");
            }
        }
    }
}
