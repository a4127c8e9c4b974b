using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Persistence.Records;
using Recommender.Storage;

namespace Recommender.InterestModel.Persistence;

/// <summary>
/// The service's durable state: the <see cref="InterestEngine"/> and the global event-id dedupe window, rebuilt from
/// snapshot plus log and changed only by <see cref="Apply"/> (on the store's writer thread, in log order). Readers
/// use <see cref="Engine"/>, which is thread-safe on its own.
/// </summary>
internal sealed class InterestState : IDurableState, IDisposable
{
    private const uint Magic = 0x53534D49; // "IMSS"
    private const int Version = 1;

    private readonly InterestModelOptions engineOptions;
    private readonly DedupeOptions dedupeOptions;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<long, ApplyOutcome> outcomes = new();
    private volatile bool live;

    public InterestState(InterestModelOptions engineOptions, DedupeOptions dedupeOptions, TimeProvider time, ILogger logger)
    {
        this.engineOptions = engineOptions;
        this.dedupeOptions = dedupeOptions;
        this.time = time;
        this.logger = logger;
        Engine = new InterestEngine(engineOptions, time);
        Dedupe = new EventDeduplicator(dedupeOptions);
    }

    /// <summary>The model. Replaced only while the snapshot loads, before the service is ready.</summary>
    public InterestEngine Engine { get; private set; }

    /// <summary>The dedupe window; touched only by the apply thread and snapshots (which hold appends).</summary>
    public EventDeduplicator Dedupe { get; private set; }

    /// <summary>Log records the state refused (replayed or new); see <see cref="Refused"/>.</summary>
    public long RefusedRecords => Interlocked.Read(ref refusedRecords);

    private long refusedRecords;

    /// <summary>Deletions of existing users met while replaying the log (their erasure may not have finished).</summary>
    public long ReplayedDeletions { get; private set; }

    /// <summary>From now on, outcomes are kept for <see cref="TakeOutcome"/> (replayed records have no caller).</summary>
    public void GoLive() => live = true;

    /// <summary>The outcome of the record at <paramref name="sequence"/>, which the caller appended and awaited.</summary>
    public ApplyOutcome TakeOutcome(long sequence) =>
        outcomes.TryRemove(sequence, out var outcome)
            ? outcome
            : throw new InvalidOperationException($"no outcome for log record {sequence}");

    public void LoadSnapshot(Stream payload, long lastSequence)
    {
        var buffered = new BufferedStream(payload, 1 << 16);
        using (var reader = new BinaryReader(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("not an interest-model service snapshot (wrong magic number)");
            }
            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"interest-model service snapshot version {version} is not supported (expected {Version})");
            }
            Dedupe = EventDeduplicator.Read(reader, dedupeOptions);
        }
        var engine = InterestEngine.ReadSnapshot(buffered, engineOptions, time);
        Engine.Dispose();
        Engine = engine;
        logger.LogInformation("Loaded snapshot at sequence {Sequence}: {Counts}, {DedupeIds} event ids in the dedupe window",
            lastSequence, engine.Counts, Dedupe.Count);
    }

    public ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(destination, 1 << 16);
        using (var writer = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            Dedupe.Write(writer);
        }
        Engine.WriteSnapshot(buffered);
        buffered.Flush();
        return ValueTask.CompletedTask;
    }

    public void Apply(LogRecord record)
    {
        // A record that does not parse is a bug or foreign data: throwing stops the store (and a replay names the
        // sequence) rather than silently skipping acknowledged data.
        var entry = LogEntry.Parser.ParseFrom(record.Payload.Span);
        ApplyOutcome outcome;
        try
        {
            outcome = entry.EntryCase switch
            {
                LogEntry.EntryOneofCase.Events => ApplyEvents(entry.Events),
                LogEntry.EntryOneofCase.DeleteUser => ApplyDeletion(entry.DeleteUser),
                LogEntry.EntryOneofCase.Items => ApplyItems(entry.Items),
                _ => throw new InvalidDataException($"log record {record.Sequence} has no known entry ({entry.EntryCase})"),
            };
        }
        catch (Exception e) when (e is InterestCapacityException or InterestValidationException)
        {
            // Capacity full, or (at replay) input that limits changed since no longer accept: refused as a whole.
            Interlocked.Increment(ref refusedRecords);
            logger.Log(live ? LogLevel.Warning : LogLevel.Error, "Log record {Sequence} ({Kind}) was not applied: {Reason}",
                record.Sequence, entry.EntryCase, e.Message);
            outcome = new Refused(e);
        }
        if (live)
        {
            outcomes[record.Sequence] = outcome;
        }
    }

    private EventsApplied ApplyEvents(EventBatch batch)
    {
        var events = LogEntries.ToEngine(batch);
        var fresh = new List<InterestEvent>(events.Count);
        var keys = new HashSet<ulong>();
        var duplicates = 0;
        foreach (var e in events)
        {
            var key = DedupeKey.Of(e.UserId, e.EventId);
            if (Dedupe.Contains(key) || !keys.Add(key))
            {
                duplicates++;
                continue;
            }
            fresh.Add(e);
        }
        var result = fresh.Count > 0 ? Engine.RecordValidated(fresh) : new RecordResult(0, 0, 0);
        Dedupe.Add(keys, batch.ReceivedAtMs);
        return new EventsApplied(result.Applied + result.Pending, duplicates + result.Duplicates, result.Pending);
    }

    private UserDeleted ApplyDeletion(DeleteUserEntry deletion)
    {
        var deleted = new UserDeleted(Engine.DeleteUserValidated(deletion.UserId));
        if (!live && (deleted.Deletion.Existed || deleted.Deletion.EventsDeleted > 0))
        {
            ReplayedDeletions++;
        }
        return deleted;
    }

    private ItemsAdded ApplyItems(ItemBatch batch)
    {
        var result = Engine.UpsertItems(LogEntries.ToEngine(batch));
        return new ItemsAdded(result.Upserted, result.ResolvedPendingEvents);
    }

    public void Dispose() => Engine.Dispose();
}
