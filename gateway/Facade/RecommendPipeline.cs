using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;
using Recommender.Pipeline;

namespace Recommender.Gateway.Facade;

/// <summary>
/// Recommend: the candidates and the Rank request from the shared <see cref="CandidatePipeline"/>
/// (the trainer learns from the same code), then ranking, then the answer. Without ranking, the
/// candidates in retrieval order. The response says which fallbacks were used and why, and which mix
/// of long- and short-term interests set the quotas and the calibration.
/// </summary>
public sealed class RecommendPipeline(CandidatePipeline candidates, IBackendReader backends, PopularItemsCache popular, IOptions<GatewayOptions> options)
{
    private static readonly Meter Meter = new("Recommender.Gateway");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("gateway.recommend.duration", "ms", "Recommend latency inside the gateway.");
    private static readonly Counter<long> Degraded = Meter.CreateCounter<long>("gateway.recommend.degraded", description: "Recommend answers that used a fallback, by component.");

    private readonly RecommendOptions _options = options.Value.Recommend;

    public async Task<RecommendResponse> RecommendAsync(RecommendRequest request, CallScope scope)
    {
        var started = Stopwatch.GetTimestamp();
        var k = Validate(request);
        var prepared = await candidates.PrepareAsync(new CandidateQuery(
            request.UserId, request.Filter, request.IncludeSeen, request.Horizon, popular.Snapshot(), scope.Deadline, scope.CancellationToken)).ConfigureAwait(false);
        var response = new RecommendResponse { ColdStart = prepared.ColdStart, InterestMix = prepared.Blend?.Mix };
        response.Degradations.AddRange(prepared.Degradations);

        var ranked = prepared.Candidates.Count > 0
            ? await RankAsync(prepared.RankRequest(k, request.RankOptions), prepared, k, scope, response).ConfigureAwait(false)
            : [];
        var byId = prepared.Candidates.ToDictionary(c => c.Item.Id, StringComparer.Ordinal);
        foreach (var item in ranked)
        {
            var candidate = byId[item.ItemId];
            var recommended = new Recommendation
            {
                Item = candidate.Item.Clone(),
                Score = item.Score,
                Probability = item.Probability,
                Reason = item.Reason,
                InterestCategory = candidate.InterestId,
            };
            recommended.Item.Vector.Clear();
            if (request.Explain)
            {
                recommended.Contributions.AddRange(item.Contributions);
            }
            response.Items.Add(recommended);
        }
        response.Degraded = response.Degradations.Count > 0;
        foreach (var degradation in response.Degradations)
        {
            Degraded.Add(1, new KeyValuePair<string, object?>("component", degradation.Component));
        }
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    private int Validate(RecommendRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 128)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "user_id must be 1 to 128 characters."));
        }
        if (request.K < 0 || request.K > _options.MaxK)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"k must be 0 (for {_options.DefaultK}) to {_options.MaxK}, got {request.K}."));
        }
        if (!Enum.IsDefined(request.Horizon))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"horizon must be BLENDED, LONG_TERM or SHORT_TERM, got {(int)request.Horizon}."));
        }
        return request.K == 0 ? _options.DefaultK : request.K;
    }

    private async Task<IReadOnlyList<RankedItem>> RankAsync(RankRequest rank, PreparedRanking prepared, int k, CallScope scope, RecommendResponse response)
    {
        try
        {
            var ranked = await backends.ReadAsync(BackendNames.Ranking, scope.Deadline, scope.CancellationToken, (invoker, call) =>
                new Contracts.V1.Ranking.RankingClient(invoker).RankAsync(rank, call).ResponseAsync).ConfigureAwait(false);
            return ranked.Items;
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            response.Degradations.Add(new Degradation { Component = BackendNames.Ranking, Reason = $"{e.Status.Detail} Showing retrieval order." });
            return RetrievalOrder(prepared, k);
        }
    }

    /// <summary>Ranking's fallback: candidates by retrieval score, spread over their interests in turn so the list stays diverse.</summary>
    private static List<RankedItem> RetrievalOrder(PreparedRanking prepared, int k)
    {
        var probability = prepared.Interests.ToDictionary(i => i.InterestId, i => i.Probability, StringComparer.Ordinal);
        var byInterest = prepared.Candidates.GroupBy(c => c.InterestId).Select(g => new Queue<Candidate>(g.OrderByDescending(c => c.Score))).ToList();
        var ordered = new List<Candidate>(k);
        while (ordered.Count < k && byInterest.Any(q => q.Count > 0))
        {
            foreach (var queue in byInterest.Where(q => q.Count > 0))
            {
                if (ordered.Count == k)
                {
                    break;
                }
                ordered.Add(queue.Dequeue());
            }
        }
        return ordered.Select(c => new RankedItem
        {
            ItemId = c.Item.Id,
            Score = c.Score,
            Probability = 1.0 / ordered.Count,
            CategoryPath = c.Item.CategoryPath,
            InterestId = c.InterestId,
            Reason = probability.TryGetValue(c.InterestId, out var p)
                ? new Reason { Kind = Reason.Types.Kind.InterestMatch, CategoryPath = c.InterestId, Probability = p, Text = $"Matches your interest in {LastSegment(c.InterestId)} ({p:P0})" }
                : c.InterestId == CandidatePipeline.PopularInterest
                    ? new Reason { Kind = Reason.Types.Kind.Popular, Text = "Popular right now" }
                    : new Reason { Kind = Reason.Types.Kind.Unspecified, Text = $"From {LastSegment(c.Item.CategoryPath)}" },
        }).ToList();
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];
}
