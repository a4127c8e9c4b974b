using Recommender.InterestModel.Domain;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Service;

/// <summary>
/// Turns contract events into engine events, checking what only the contract can get wrong (an action outside the
/// enum, a missing or malformed timestamp); the engine checks the rest. Errors name the field as in the request.
/// </summary>
internal static class RequestMapping
{
    private const string Actions = "one of ACTION_VIEW, ACTION_CLICK, ACTION_CART, ACTION_PURCHASE, ACTION_RATING";

    public static List<InterestEvent> ToEngine(IReadOnlyList<Proto.Event> events, int maxBatchSize)
    {
        if (events.Count == 0)
        {
            throw new InterestValidationException("events", $"1 to {maxBatchSize} events per batch", "the batch has no events");
        }
        if (events.Count > maxBatchSize)
        {
            throw new InterestValidationException("events", $"at most {maxBatchSize} events per batch", $"the batch has {events.Count} events");
        }
        var result = new List<InterestEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var action = ToEngine(e.Action, $"events[{i}].action");
            if (e.Timestamp is null)
            {
                throw new InterestValidationException($"events[{i}].timestamp", "a time not more than the clock-skew allowance in the future", "the timestamp is missing");
            }
            DateTimeOffset timestamp;
            try
            {
                timestamp = e.Timestamp.ToDateTimeOffset();
            }
            catch (InvalidOperationException problem)
            {
                throw new InterestValidationException($"events[{i}].timestamp", "a valid google.protobuf.Timestamp (0001-01-01 to 9999-12-31, nanos 0 to 999,999,999)", problem.Message);
            }
            // The contract ignores the rating of other actions; the engine wants none there.
            result.Add(new InterestEvent(e.UserId, e.ItemId, action, action == ActionKind.Rating ? e.Rating : null, timestamp, e.EventId));
        }
        return result;
    }

    public static ActionKind ToEngine(Proto.Action action, string field) => action switch
    {
        Proto.Action.View => ActionKind.View,
        Proto.Action.Click => ActionKind.Click,
        Proto.Action.Cart => ActionKind.Cart,
        Proto.Action.Purchase => ActionKind.Purchase,
        Proto.Action.Rating => ActionKind.Rating,
        Proto.Action.Unspecified => throw new InterestValidationException(field, Actions, "the action is ACTION_UNSPECIFIED (not set)"),
        _ => throw new InterestValidationException(field, Actions, $"unknown action {(int)action}"),
    };

    public static Proto.Action ToProto(ActionKind action) => action switch
    {
        ActionKind.View => Proto.Action.View,
        ActionKind.Click => Proto.Action.Click,
        ActionKind.Cart => Proto.Action.Cart,
        ActionKind.Purchase => Proto.Action.Purchase,
        ActionKind.Rating => Proto.Action.Rating,
        _ => Proto.Action.Unspecified,
    };

    /// <summary>A request size field: 0 means <paramref name="defaultValue"/>, otherwise 1 to <paramref name="max"/>.</summary>
    public static int Size(int value, int defaultValue, int max, string field)
    {
        if (value < 0 || value > max)
        {
            throw new InterestValidationException(field, $"0 (default {defaultValue}) to {max}", $"{field} is {value}");
        }
        return value == 0 ? defaultValue : value;
    }
}
