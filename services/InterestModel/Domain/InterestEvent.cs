namespace Recommender.InterestModel.Domain;

/// <summary>One user action on one item. <see cref="EventId"/> is the idempotency key: a repeated id is counted once.</summary>
/// <param name="UserId">Who acted; non-empty.</param>
/// <param name="ItemId">On which item; non-empty.</param>
/// <param name="Action">What they did.</param>
/// <param name="RatingValue">The rating for <see cref="ActionKind.Rating"/>; must be null for other actions.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="EventId">Idempotency key chosen by the client; non-empty.</param>
public sealed record InterestEvent(
    string UserId,
    string ItemId,
    ActionKind Action,
    double? RatingValue,
    DateTimeOffset Timestamp,
    string EventId);
