using System.Diagnostics;
using Grpc.Core;
using Recommender.Contracts.V1;
using RankingGrpc = Recommender.Contracts.V1.Ranking;

namespace Recommender.Ranking.Service;

/// <summary>The gRPC service recsys.v1.Ranking.</summary>
public sealed class RankingService(RankingEngine engine, RankingMetrics metrics, TimeProvider time) : RankingGrpc.RankingBase
{
    public override Task<RankResponse> Rank(RankRequest request, ServerCallContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var now = request.AsOf is { } asOf ? asOf.ToDateTimeOffset() : time.GetUtcNow();
            var response = engine.Rank(request, now);
            metrics.Record(request.Candidates.Count, Stopwatch.GetElapsedTime(start).TotalMilliseconds, "ok");
            return Task.FromResult(response);
        }
        catch (RankRequestException e)
        {
            metrics.Record(request.Candidates.Count, Stopwatch.GetElapsedTime(start).TotalMilliseconds, "invalid");
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
