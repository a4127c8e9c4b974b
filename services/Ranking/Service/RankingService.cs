using System.Diagnostics;
using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Ranking.Model;
using RankingGrpc = Recommender.Contracts.V1.Ranking;

namespace Recommender.Ranking.Service;

/// <summary>The gRPC service recsys.v1.Ranking.</summary>
public sealed class RankingService(RankingEngine engine, ServedWeights weights, RankingMetrics metrics, TimeProvider time) : RankingGrpc.RankingBase
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

    public override Task<WeightsInfo> GetWeights(GetWeightsRequest request, ServerCallContext context) =>
        Task.FromResult(WeightsInfoMapping.Of(weights));

    public override Task<WeightsInfo> LoadWeights(LoadWeightsRequest request, ServerCallContext context)
    {
        RankingModel model;
        try
        {
            model = WeightsFile.Parse(request.WeightsJson, "weights_json");
        }
        catch (WeightsFileException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        try
        {
            weights.Load(model);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the weights file could not be written, so {model.Version} was not loaded: {e.Message}"));
        }
        metrics.RecordWeights(model.Version);
        return Task.FromResult(WeightsInfoMapping.Of(weights));
    }

    public override Task<WeightsInfo> RollbackWeights(RollbackWeightsRequest request, ServerCallContext context)
    {
        try
        {
            weights.Rollback();
        }
        catch (InvalidOperationException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        metrics.RecordWeights(weights.Model.Version);
        return Task.FromResult(WeightsInfoMapping.Of(weights));
    }
}
