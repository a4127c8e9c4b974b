namespace Recommender.InterestModel.Engine;

/// <summary>What a <c>Record</c> call did with its events.</summary>
/// <param name="Applied">Events added to the users' statistics.</param>
/// <param name="Duplicates">Events whose id the user had already sent (counted once, now ignored).</param>
/// <param name="Pending">Events kept until their item is known.</param>
public sealed record RecordResult(int Applied, int Duplicates, int Pending);

/// <summary>What an <c>UpsertItems</c> call did.</summary>
/// <param name="Upserted">Items written.</param>
/// <param name="Added">Of those, items that were new.</param>
/// <param name="ResolvedPendingEvents">Waiting events that could now be applied.</param>
public sealed record ItemUpsertResult(int Upserted, int Added, int ResolvedPendingEvents);

/// <summary>Sizes of the engine's state.</summary>
/// <param name="Users">Users with state.</param>
/// <param name="Items">Known items.</param>
/// <param name="CategoryNodes">Nodes of the category tree, root included.</param>
/// <param name="PendingEvents">Events waiting for their item.</param>
public sealed record EngineCounts(int Users, int Items, int CategoryNodes, int PendingEvents);

/// <summary>What deleting a user erased.</summary>
/// <param name="Existed">False when the model had no data for the user.</param>
/// <param name="EventsDeleted">Events erased: those applied to the user's statistics and those still waiting for their item.</param>
public sealed record UserDeletion(bool Existed, int EventsDeleted);

/// <summary>A user with counted events and the time of the latest.</summary>
public sealed record UserActivity(string UserId, int EventCount, DateTimeOffset LastEventAt);
