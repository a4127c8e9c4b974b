namespace Recommender.InterestModel.Engine;

/// <summary>A user with events: when the latest was and how many were counted.</summary>
public sealed record ActiveUser(string UserId, DateTimeOffset LastEventAt, long EventCount);
