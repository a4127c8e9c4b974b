using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;
using RecommenderGrpc = Recommender.Contracts.V1.Recommender;

namespace Recommender.Gateway.Facade;

/// <summary>The facade over gRPC: recsys.v1.Recommender; the caller's deadline and cancellation reach every downstream call.</summary>
public sealed class RecommenderService(RecommenderFacade facade) : RecommenderGrpc.RecommenderBase
{
    public override Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context) => facade.RecommendAsync(request, CallScope.From(context));

    public override Task<InterestProfile> GetInterests(GetInterestsRequest request, ServerCallContext context) => facade.GetInterestsAsync(request, CallScope.From(context));

    public override Task<InterestHistory> GetInterestHistory(GetInterestHistoryRequest request, ServerCallContext context) => facade.GetInterestHistoryAsync(request, CallScope.From(context));

    public override Task<ListRecentUsersResponse> ListRecentUsers(ListRecentUsersRequest request, ServerCallContext context) => facade.ListRecentUsersAsync(request, CallScope.From(context));

    public override Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context) => facade.ListCategoriesAsync(request, CallScope.From(context));

    public override Task<RecordEventsResponse> RecordEvents(RecordEventsRequest request, ServerCallContext context) => facade.RecordEventsAsync(request, CallScope.From(context));

    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context) => facade.UpsertItemsAsync(request, CallScope.From(context));

    public override Task<DeleteItemsResponse> DeleteItems(DeleteItemsRequest request, ServerCallContext context) => facade.DeleteItemsAsync(request, CallScope.From(context));

    public override Task<DeleteUserResponse> DeleteUser(DeleteUserRequest request, ServerCallContext context) => facade.DeleteUserAsync(request, CallScope.From(context));

    public override Task<EncodeResponse> Encode(EncodeRequest request, ServerCallContext context) => facade.EncodeAsync(request, CallScope.From(context));
}
