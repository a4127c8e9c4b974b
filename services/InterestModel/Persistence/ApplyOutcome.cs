using Recommender.InterestModel.Engine;

namespace Recommender.InterestModel.Persistence;

/// <summary>What applying one log record to the state did; handed back to the call that appended it.</summary>
internal abstract record ApplyOutcome;

/// <summary>An event batch was applied: counts for the response.</summary>
internal sealed record EventsApplied(int Accepted, int Duplicates, int Pending) : ApplyOutcome;

/// <summary>A user was deleted.</summary>
internal sealed record UserDeleted(UserDeletion Deletion) : ApplyOutcome;

/// <summary>Items from the catalog were added; some waiting events could be applied.</summary>
internal sealed record ItemsAdded(int Items, int ResolvedEvents) : ApplyOutcome;

/// <summary>
/// The record is in the log but the state refused it (a capacity is full): nothing of it was applied, and replay
/// refuses it again the same way. The caller answers with the error.
/// </summary>
internal sealed record Refused(Exception Reason) : ApplyOutcome;
