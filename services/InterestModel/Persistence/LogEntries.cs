using Google.Protobuf;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Persistence.Records;

namespace Recommender.InterestModel.Persistence;

/// <summary>Builds log entries from validated engine input and turns them back into engine input.</summary>
internal static class LogEntries
{
    public static LogEntry Events(IReadOnlyList<InterestEvent> events, DateTimeOffset receivedAt)
    {
        var batch = new EventBatch { ReceivedAtMs = receivedAt.ToUnixTimeMilliseconds() };
        foreach (var e in events)
        {
            var logged = new LoggedEvent
            {
                EventId = e.EventId,
                UserId = e.UserId,
                ItemId = e.ItemId,
                Action = (int)e.Action,
                TimestampMs = e.Timestamp.ToUnixTimeMilliseconds(),
            };
            if (e.RatingValue is { } rating)
            {
                logged.Rating = rating;
            }
            batch.Events.Add(logged);
        }
        return new LogEntry { Events = batch };
    }

    public static LogEntry Deletion(string userId, DateTimeOffset requestedAt) =>
        new() { DeleteUser = new DeleteUserEntry { UserId = userId, RequestedAtMs = requestedAt.ToUnixTimeMilliseconds() } };

    public static LogEntry Items(IEnumerable<ItemInfo> items)
    {
        var batch = new ItemBatch();
        foreach (var item in items)
        {
            var logged = new LoggedItem { ItemId = item.ItemId };
            logged.CategoryPaths.AddRange(item.CategoryPaths);
            if (item.Embedding is { } embedding)
            {
                logged.Embedding.AddRange(embedding);
            }
            batch.Items.Add(logged);
        }
        return new LogEntry { Items = batch };
    }

    public static List<InterestEvent> ToEngine(EventBatch batch) =>
        batch.Events.Select(e => new InterestEvent(
            e.UserId,
            e.ItemId,
            (ActionKind)e.Action,
            e.HasRating ? e.Rating : null,
            DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs),
            e.EventId)).ToList();

    public static List<ItemInfo> ToEngine(ItemBatch batch) =>
        batch.Items.Select(i => new ItemInfo(i.ItemId, i.CategoryPaths.ToArray(), i.Embedding.Count > 0 ? i.Embedding.ToArray() : null)).ToList();

    public static ReadOnlyMemory<byte> Encode(LogEntry entry) => entry.ToByteArray();
}
