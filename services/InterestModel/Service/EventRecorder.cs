using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Recommender.InterestModel.Background;
using Recommender.InterestModel.Catalog;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Persistence;
using Recommender.InterestModel.Persistence.Records;

namespace Recommender.InterestModel.Service;

/// <summary>
/// The write path: validates a whole batch, looks its unknown items up in the catalog (so their events count at
/// once; when the catalog cannot answer they wait), makes it durable and applied, and returns what happened.
/// </summary>
internal sealed class EventRecorder(
    InterestStore store,
    CatalogClient catalog,
    PendingItemResolver resolver,
    RefitSchedule refits,
    InterestServiceOptions options,
    ServiceMetrics metrics,
    TimeProvider time,
    ILogger<EventRecorder> logger)
{
    /// <summary>
    /// Records <paramref name="events"/> all or nothing. Throws <see cref="InterestValidationException"/> (nothing
    /// written), <see cref="InterestCapacityException"/> (nothing applied), or a storage exception (not acknowledged).
    /// </summary>
    public async Task<EventsApplied> RecordAsync(IReadOnlyList<InterestEvent> events, CancellationToken cancellationToken)
    {
        var engine = store.Engine;
        engine.ValidateEvents(events);
        var entries = new List<LogEntry>();
        // Items the catalog said it lacks a moment ago are left to the resolver's backoff rather than asked again per batch.
        var unknown = resolver.NotBackingOff(engine.UnknownItems(events.Select(e => e.ItemId)));
        if (unknown.Count > 0 && catalog.CanCall)
        {
            var lookup = await catalog.GetItemsAsync(unknown, includeVectors: true, options.CatalogTimeout, cancellationToken).ConfigureAwait(false);
            var (accepted, refused) = ItemAdmission.ToEngineItems(engine, lookup.Found, logger);
            resolver.NoteMissing(lookup.Missing.Concat(refused));
            entries.AddRange(ItemAdmission.LogEntriesFor(accepted));
        }
        entries.Add(LogEntries.Events(events, time.GetUtcNow()));
        var outcomes = await store.AppendAsync(entries).ConfigureAwait(false);
        var applied = (EventsApplied)Unwrap(outcomes[^1]);
        metrics.Recorded(applied.Accepted, applied.Duplicates);
        refits.EventsRecorded(applied.Accepted);
        return applied;
    }

    /// <summary>
    /// Erases the user durably: once this returns, the user is gone, after a restart too, and no file of the store
    /// holds the user's events any more.
    /// </summary>
    public async Task<UserDeletion> DeleteUserAsync(string userId)
    {
        InputValidator.ValidateId(userId, "user_id", store.Engine.Options.Limits);
        var outcomes = await store.AppendErasingAsync([LogEntries.Deletion(userId, time.GetUtcNow())],
            done => done[0] is UserDeleted { Deletion: var d } && (d.Existed || d.EventsDeleted > 0)).ConfigureAwait(false);
        var deletion = ((UserDeleted)Unwrap(outcomes[0])).Deletion;
        if (deletion.Existed)
        {
            logger.LogInformation("Deleted a user's data: {Events} events erased", deletion.EventsDeleted);
        }
        return deletion;
    }

    private static ApplyOutcome Unwrap(ApplyOutcome outcome)
    {
        if (outcome is Refused refused)
        {
            ExceptionDispatchInfo.Throw(refused.Reason);
        }
        return outcome;
    }
}
