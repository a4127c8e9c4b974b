using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.History;
using Recommender.InterestModel.Persistence;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Service;

/// <summary>
/// The <c>recsys.v1.InterestModel</c> gRPC service: thin handlers that map the contract onto the
/// <see cref="EventRecorder"/> (writes) and the engine (reads). See README.md for the API and its guarantees.
/// </summary>
internal sealed class InterestModelService(
    InterestStore store,
    EventRecorder recorder,
    TitleLookup titles,
    InterestServiceOptions options,
    ServiceMetrics metrics) : Proto.InterestModel.InterestModelBase
{
    public override Task<Proto.RecordEventsResponse> RecordEvents(Proto.RecordEventsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(async () =>
        {
            var events = RequestMapping.ToEngine(request.Events, store.Engine.Options.Limits.MaxBatchSize);
            var applied = await recorder.RecordAsync(events, context.CancellationToken).ConfigureAwait(false);
            return new Proto.RecordEventsResponse { Accepted = applied.Accepted, Duplicates = applied.Duplicates, Pending = applied.Pending };
        }, context);

    public override Task<Proto.RecordEventsResponse> RecordEventsStream(IAsyncStreamReader<Proto.RecordEventsRequest> requestStream, ServerCallContext context) =>
        RpcErrors.Guard(async () =>
        {
            var total = new Proto.RecordEventsResponse();
            var inFlight = new Queue<Task<EventsApplied>>();
            async Task CompleteUntil(int left)
            {
                while (inFlight.Count > left)
                {
                    var applied = await inFlight.Dequeue().ConfigureAwait(false);
                    total.Accepted += applied.Accepted;
                    total.Duplicates += applied.Duplicates;
                    total.Pending += applied.Pending;
                }
            }
            var message = 0;
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                message++;
                List<InterestEvent> events;
                try
                {
                    events = RequestMapping.ToEngine(requestStream.Current.Events, store.Engine.Options.Limits.MaxBatchSize);
                    store.Engine.ValidateEvents(events);
                }
                catch (InterestValidationException e)
                {
                    await CompleteUntil(0).ConfigureAwait(false);
                    throw new RpcException(new Status(StatusCode.InvalidArgument,
                        $"stream message {message}: {e.Message}; the {message - 1} messages before it were recorded ({total.Accepted} events accepted)"));
                }
                // Each message is made durable as it arrives; a few are in flight while the next ones are read.
                inFlight.Enqueue(recorder.RecordAsync(events, context.CancellationToken));
                await CompleteUntil(options.StreamMessagesInFlight - 1).ConfigureAwait(false);
            }
            await CompleteUntil(0).ConfigureAwait(false);
            return total;
        }, context);

    public override Task<Proto.InterestProfile> GetInterests(Proto.GetInterestsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(async () =>
        {
            var clock = Stopwatch.StartNew();
            var engine = store.Engine;
            var configured = engine.Options.Profile;
            var profileOptions = configured.Clone();
            profileOptions.TopInterests = RequestMapping.Size(request.TopK, configured.TopInterests, options.MaxTopInterests, "top_k");
            profileOptions.EvidencePerInterest = RequestMapping.Size(request.EvidencePerInterest, configured.EvidencePerInterest, options.MaxEvidencePerInterest, "evidence_per_interest");
            profileOptions.RecentItems = RequestMapping.Size(request.RecentItems, configured.RecentItems, options.MaxRecentItems, "recent_items");
            if (request.MaxDepth < 0)
            {
                throw new InterestValidationException("max_depth", "0 (every level) or more", $"max_depth is {request.MaxDepth}");
            }
            var profile = engine.GetInterests(request.UserId, null, profileOptions);
            var itemTitles = await titles.GetAsync(ResponseMapping.TitledItems(profile), context.CancellationToken).ConfigureAwait(false);
            var response = ResponseMapping.ToProto(profile, request.MaxDepth, engine.Options.Estimation, itemTitles);
            metrics.GetInterestsTook(clock.Elapsed);
            return response;
        }, context);

    public override Task<Proto.GetItemSignalsResponse> GetItemSignals(Proto.GetItemSignalsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(async () =>
        {
            var engine = store.Engine;
            if (request.CandidateIds.Count == 0)
            {
                throw new InterestValidationException("candidate_ids", $"1 to {engine.Options.Limits.MaxSignalCandidates} candidate ids", "no candidates were given");
            }
            var signals = engine.GetItemSignals(request.UserId, request.CandidateIds);
            var itemTitles = await titles.GetAsync(signals.SelectMany(s => s.Sources.Select(source => source.ItemId)), context.CancellationToken)
                .ConfigureAwait(false);
            var response = new Proto.GetItemSignalsResponse();
            response.Signals.AddRange(signals.Select(s => ResponseMapping.ToProto(s, itemTitles)));
            return response;
        }, context);

    public override Task<Proto.GetPopularItemsResponse> GetPopularItems(Proto.GetPopularItemsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() =>
        {
            var k = RequestMapping.Size(request.K, options.DefaultPopularItems, options.MaxPopularItems, "k");
            var response = new Proto.GetPopularItemsResponse();
            response.Items.AddRange(store.Engine.GetPopularItems(k, request.CategoryPrefix).Select(ResponseMapping.ToProto));
            return Task.FromResult(response);
        }, context);

    public override Task<Proto.GetCovisitedItemsResponse> GetCovisitedItems(Proto.GetCovisitedItemsRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() =>
        {
            var k = RequestMapping.Size(request.K, options.DefaultCovisitedItems, options.MaxCovisitedItems, "k");
            var response = new Proto.GetCovisitedItemsResponse();
            response.Items.AddRange(store.Engine.GetCovisitedItems(request.UserId, k)
                .Select(item => new Proto.CovisitedItem { ItemId = item.ItemId, Score = item.Score }));
            return Task.FromResult(response);
        }, context);

    public override Task<Proto.InterestHistory> GetInterestHistory(Proto.GetInterestHistoryRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() =>
        {
            var granularity = request.Granularity switch
            {
                Proto.HistoryGranularity.Unspecified => HistoryGranularity.Auto,
                Proto.HistoryGranularity.Day => HistoryGranularity.Day,
                Proto.HistoryGranularity.Week => HistoryGranularity.Week,
                _ => throw new InterestValidationException("granularity", "HISTORY_GRANULARITY_UNSPECIFIED, _DAY or _WEEK", $"unknown granularity {(int)request.Granularity}"),
            };
            return Task.FromResult(HistoryMapping.ToProto(store.Engine.GetInterestHistory(request.UserId, granularity)));
        }, context);

    public override Task<Proto.ListRecentUsersResponse> ListRecentUsers(Proto.ListRecentUsersRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() =>
        {
            var limit = RequestMapping.Size(request.Limit, options.DefaultRecentUsers, options.MaxRecentUsers, "limit");
            var response = new Proto.ListRecentUsersResponse();
            response.Users.AddRange(store.Engine.ListRecentUsers(limit, request.Prefix).Select(user => new Proto.RecentUser
            {
                UserId = user.UserId,
                EventCount = user.EventCount,
                LastEventAt = Timestamp.FromDateTimeOffset(user.LastEventAt),
            }));
            return Task.FromResult(response);
        }, context);

    public override Task<Proto.ListActiveUsersResponse> ListActiveUsers(Proto.ListActiveUsersRequest request, ServerCallContext context) =>
        RpcErrors.Guard(() =>
        {
            var limit = RequestMapping.Size(request.Limit, options.DefaultActiveUsers, options.MaxActiveUsers, "limit");
            var (users, matched) = store.Engine.ListActiveUsers(request.Since?.ToDateTimeOffset(), limit);
            var response = new Proto.ListActiveUsersResponse { Matched = matched };
            response.Users.AddRange(users.Select(u => new Proto.ActiveUser
            {
                UserId = u.UserId,
                LastEventAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(u.LastEventAt),
                EventCount = u.EventCount,
            }));
            return Task.FromResult(response);
        }, context);

    public override Task<Proto.DeleteUserResponse> DeleteUser(Proto.DeleteUserRequest request, ServerCallContext context) =>
        RpcErrors.Guard(async () =>
        {
            var deletion = await recorder.DeleteUserAsync(request.UserId).ConfigureAwait(false);
            return new Proto.DeleteUserResponse { Existed = deletion.Existed, EventsDeleted = deletion.EventsDeleted };
        }, context);
}
