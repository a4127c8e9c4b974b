using Microsoft.Extensions.Logging;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Persistence.Records;
using Recommender.Storage;

namespace Recommender.InterestModel.Persistence;

/// <summary>
/// The durable store of the service: opens (snapshot plus replay) once, then appends log entries and hands back what
/// applying them did. Every accepted batch and deletion is fsynced before <see cref="AppendAsync"/> completes.
/// </summary>
internal sealed class InterestStore : IAsyncDisposable
{
    private readonly DurableStoreOptions options;
    private readonly ILogger logger;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DurableStore? store;
    private string? failure;

    public InterestStore(DurableStoreOptions options, InterestState state, ILogger<InterestStore> logger)
    {
        this.options = options;
        this.logger = logger;
        State = state;
    }

    public InterestState State { get; }

    /// <summary>True once recovery finished and appends are accepted.</summary>
    public bool IsReady => ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when recovery has finished (faults when it failed).</summary>
    public Task WhenReady => ready.Task;

    /// <summary>The engine, once recovered; otherwise <see cref="ServiceNotReadyException"/>.</summary>
    public InterestEngine Engine
    {
        get
        {
            EnsureReady();
            return State.Engine;
        }
    }

    /// <summary>What opening found (snapshot, replayed records, torn tail), once open.</summary>
    public StoreOpenReport? OpenReport => store?.OpenReport;

    /// <summary>Loads the newest snapshot and replays the log. Blocking; called once, off the request path.</summary>
    public void Open()
    {
        try
        {
            store = DurableStore.Open(options, State, logger);
            if (State.ReplayedDeletions > 0)
            {
                // A deletion whose erasure a crash interrupted (its caller got no answer): finish it before serving.
                store.EraseThroughAsync(store.LastAppliedSequence).GetAwaiter().GetResult();
            }
            State.GoLive();
            ready.SetResult();
        }
        catch (Exception e)
        {
            failure = e.Message;
            ready.SetException(e);
            throw;
        }
    }

    /// <summary>
    /// Appends the entries as one atomic batch (durable, then applied) and returns each one's outcome. Not
    /// cancellable once called: a batch handed to the log is committed even if the caller has gone.
    /// </summary>
    public async Task<IReadOnlyList<ApplyOutcome>> AppendAsync(IReadOnlyList<LogEntry> entries) =>
        (await AppendCoreAsync(entries).ConfigureAwait(false)).Outcomes;

    /// <summary>
    /// Like <see cref="AppendAsync"/> for entries that remove data (a user's deletion), and returns only once no
    /// file of the store holds the removed data any more: the log is rolled, a snapshot written, and every older
    /// snapshot and log segment deleted (<see cref="DurableStore.EraseThroughAsync"/>). Concurrent deletions share one
    /// snapshot. <paramref name="erase"/> false (nothing was removed) skips the erasure.
    /// </summary>
    public async Task<IReadOnlyList<ApplyOutcome>> AppendErasingAsync(IReadOnlyList<LogEntry> entries, Func<IReadOnlyList<ApplyOutcome>, bool> erase)
    {
        var (outcomes, lastSequence) = await AppendCoreAsync(entries).ConfigureAwait(false);
        if (erase(outcomes))
        {
            await store!.EraseThroughAsync(lastSequence).ConfigureAwait(false);
        }
        return outcomes;
    }

    private async Task<(ApplyOutcome[] Outcomes, long LastSequence)> AppendCoreAsync(IReadOnlyList<LogEntry> entries)
    {
        EnsureReady();
        var records = entries.Select(LogEntries.Encode).ToArray();
        var result = await store!.AppendAsync(records, CancellationToken.None).ConfigureAwait(false);
        var outcomes = new ApplyOutcome[result.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = State.TakeOutcome(result.FirstSequence + i);
        }
        return (outcomes, result.FirstSequence + result.Count - 1);
    }

    /// <summary>Writes a snapshot now (appends wait while the state writes itself).</summary>
    public Task<SnapshotInfo> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        EnsureReady();
        return store!.SnapshotAsync(cancellationToken);
    }

    private void EnsureReady()
    {
        if (!IsReady)
        {
            throw new ServiceNotReadyException(failure is null
                ? "interest-model is recovering its state (loading the snapshot and replaying the event log); retry shortly"
                : $"interest-model could not open its data: {failure}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
        State.Dispose();
    }
}
