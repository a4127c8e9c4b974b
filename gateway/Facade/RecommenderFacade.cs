using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Facade;

/// <summary>
/// The gateway's API, shared by the gRPC service and the REST endpoints so both answer the same:
/// Recommend orchestrates; the others forward to the backend that owns the data, through the same
/// resilience (reads may be retried, writes never are).
/// </summary>
public sealed class RecommenderFacade(RecommendPipeline recommend, DownstreamCaller downstream)
{
    public Task<RecommendResponse> RecommendAsync(RecommendRequest request, CallScope scope) => recommend.RecommendAsync(request, scope);

    public Task<InterestProfile> GetInterestsAsync(GetInterestsRequest request, CallScope scope) =>
        downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) => new InterestModel.InterestModelClient(invoker).GetInterestsAsync(request, call).ResponseAsync);

    public Task<InterestHistory> GetInterestHistoryAsync(GetInterestHistoryRequest request, CallScope scope) =>
        downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) => new InterestModel.InterestModelClient(invoker).GetInterestHistoryAsync(request, call).ResponseAsync);

    public Task<ListRecentUsersResponse> ListRecentUsersAsync(ListRecentUsersRequest request, CallScope scope) =>
        downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) => new InterestModel.InterestModelClient(invoker).ListRecentUsersAsync(request, call).ResponseAsync);

    public Task<ListCategoriesResponse> ListCategoriesAsync(ListCategoriesRequest request, CallScope scope) =>
        downstream.ReadAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) => new CandidateRetrieval.CandidateRetrievalClient(invoker).ListCategoriesAsync(request, call).ResponseAsync);

    public Task<RecordEventsResponse> RecordEventsAsync(RecordEventsRequest request, CallScope scope) =>
        downstream.WriteAsync(BackendNames.InterestModel, scope, (invoker, call) => new InterestModel.InterestModelClient(invoker).RecordEventsAsync(request, call).ResponseAsync);

    public Task<DeleteUserResponse> DeleteUserAsync(DeleteUserRequest request, CallScope scope) =>
        downstream.WriteAsync(BackendNames.InterestModel, scope, (invoker, call) => new InterestModel.InterestModelClient(invoker).DeleteUserAsync(request, call).ResponseAsync);

    public Task<UpsertItemsResponse> UpsertItemsAsync(UpsertItemsRequest request, CallScope scope) =>
        downstream.WriteAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) => new CandidateRetrieval.CandidateRetrievalClient(invoker).UpsertItemsAsync(request, call).ResponseAsync);

    public Task<DeleteItemsResponse> DeleteItemsAsync(DeleteItemsRequest request, CallScope scope) =>
        downstream.WriteAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) => new CandidateRetrieval.CandidateRetrievalClient(invoker).DeleteItemsAsync(request, call).ResponseAsync);

    public Task<EncodeResponse> EncodeAsync(EncodeRequest request, CallScope scope) =>
        downstream.ReadAsync(BackendNames.Encoder, scope, (invoker, call) => new Encoder.EncoderClient(invoker).EncodeAsync(request, call).ResponseAsync);
}
