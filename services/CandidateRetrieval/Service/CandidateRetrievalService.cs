using Grpc.Core;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>The <c>recsys.v1.CandidateRetrieval</c> gRPC service: maps each RPC onto the writer, the reader or the retrieve handler.</summary>
internal sealed class CandidateRetrievalService(CatalogWriter writer, CatalogReader reader, RetrieveHandler retrieve)
    : Contracts.V1.CandidateRetrieval.CandidateRetrievalBase
{
    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(async () =>
        {
            var prepared = await writer.Prepare(request.Items, context.Deadline, context.CancellationToken).ConfigureAwait(false);
            return await writer.CommitAsync(prepared, context.CancellationToken).ConfigureAwait(false);
        }, context);

    public override Task<UpsertItemsResponse> UpsertItemsStream(IAsyncStreamReader<UpsertItemsRequest> requestStream, ServerCallContext context) =>
        RpcErrors.Guard(() => new StreamUpsert(writer, context).RunAsync(requestStream), context);

    public override Task<DeleteItemsResponse> DeleteItems(DeleteItemsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() => writer.DeleteAsync(request.Ids, context.CancellationToken), context);

    public override Task<GetItemsResponse> GetItems(GetItemsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() => reader.GetItems(request), context);

    public override Task<ListItemsResponse> ListItems(ListItemsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() => reader.ListItems(request), context);

    public override Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() => reader.ListCategories(request), context);

    public override Task<CatalogStats> GetCatalogStats(GetCatalogStatsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(reader.GetCatalogStats, context);

    public override Task<RetrieveResponse> Retrieve(RetrieveRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() => retrieve.Retrieve(request), context);
}
