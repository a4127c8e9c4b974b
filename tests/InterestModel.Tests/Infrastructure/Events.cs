using Google.Protobuf.WellKnownTypes;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>Contract events for service tests, stamped relative to the real clock.</summary>
public static class Events
{
    public static Proto.Event View(string eventId, string user, string item, TimeSpan? ago = null) =>
        Of(eventId, user, item, Proto.Action.View, ago);

    public static Proto.Event Of(string eventId, string user, string item, Proto.Action action, TimeSpan? ago = null, double rating = 0) => new()
    {
        EventId = eventId,
        UserId = user,
        ItemId = item,
        Action = action,
        Rating = rating,
        Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - (ago ?? TimeSpan.FromMinutes(1))),
    };

    public static Proto.RecordEventsRequest Batch(params Proto.Event[] events)
    {
        var request = new Proto.RecordEventsRequest();
        request.Events.AddRange(events);
        return request;
    }
}
