using Microsoft.Extensions.Logging;
using Recommender.CandidateRetrieval.Catalog;
using Recommender.CandidateRetrieval.Service;
using Recommender.Storage;

namespace Recommender.CandidateRetrieval.Persistence;

/// <summary>
/// The catalog's durable store: opens (snapshot plus replay) once, then appends write batches. Every accepted batch is
/// fsynced and applied to <see cref="State"/> before <see cref="AppendAsync"/> completes.
/// </summary>
internal sealed class CatalogStore : IAsyncDisposable
{
    private readonly DurableStoreOptions options;
    private readonly ILogger logger;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DurableStore? store;
    private string? failure;

    public CatalogStore(DurableStoreOptions options, CatalogState state, ILogger<CatalogStore> logger)
    {
        this.options = options;
        this.logger = logger;
        State = state;
    }

    /// <summary>The catalog; read it only once <see cref="IsReady"/> (use <see cref="Catalog"/>).</summary>
    public CatalogState State { get; }

    /// <summary>True once recovery finished and appends are accepted.</summary>
    public bool IsReady => ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when recovery has finished (faults when it failed).</summary>
    public Task WhenReady => ready.Task;

    /// <summary>The catalog, once recovered; otherwise <see cref="ServiceNotReadyException"/>.</summary>
    public CatalogState Catalog
    {
        get
        {
            EnsureReady();
            return State;
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
    /// Appends the records as one atomic batch; returns once they are durable and applied. Not cancellable once called:
    /// a batch handed to the log is committed even if the caller has gone.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        EnsureReady();
        try
        {
            await store!.AppendAsync(records, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ArgumentException e) when (e.ParamName == "records")
        {
            // The log refuses a batch above its size limits before writing anything.
            throw new RequestValidationException("items",
                $"the batch is too large for one log write ({e.Message}; CandidateRetrieval:Storage:Log); send fewer or smaller items; nothing was applied");
        }
    }

    /// <summary>Writes a snapshot now (appends wait while the catalog writes itself).</summary>
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
                ? "candidate-retrieval is recovering its catalog (loading the snapshot and replaying the log); retry shortly"
                : $"candidate-retrieval could not open its catalog: {failure}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
