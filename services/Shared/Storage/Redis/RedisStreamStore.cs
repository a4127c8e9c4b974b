using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Recommender.Storage.Redis;

/// <summary>
/// The shared counterpart of <see cref="DurableStore"/> for several replicas of one service: the log is a Redis
/// stream (<c>{prefix}:log</c>, one entry per appended batch) and the snapshot a Redis hash (<c>{prefix}:snapshot</c>).
/// Every replica loads the snapshot, applies every entry after it in stream order to its own
/// <see cref="IDurableState"/>, and keeps following the stream, so all replicas apply the same records in the same
/// order and a state that is deterministic in its records (deduplication by id included) is the same everywhere.
/// <see cref="AppendAsync"/> returns once Redis has the entry on disk (checked at open: <c>appendfsync always</c>) and
/// this replica has applied it. Sequence numbers count records from the start of the log, so they agree across
/// replicas too. Snapshots are written by one replica at a time and trim the stream to the previous snapshot, so a
/// replica up to one snapshot interval behind still finds its next entry; one further behind stops with an error.
/// </summary>
public sealed class RedisStreamStore : IAsyncDisposable
{
    private const int RecentEntries = 65_536;

    // Replaces the snapshot only with a newer one, and trims the log to the snapshot it replaces.
    private const string PublishSnapshotScript = """
        local function newer(a, b)
          local am, as = string.match(a, '(%d+)-(%d+)')
          local bm, bs = string.match(b, '(%d+)-(%d+)')
          am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
          return am > bm or (am == bm and as > bs)
        end
        local current = redis.call('HGET', KEYS[1], 'id')
        if current and not newer(ARGV[1], current) then return 0 end
        redis.call('HSET', KEYS[1], 'id', ARGV[1], 'sequence', ARGV[2], 'payload', ARGV[3], 'previous', current or '0-0')
        if current then redis.call('XTRIM', KEYS[2], 'MINID', current) end
        return 1
        """;

    private const string ReleaseLockScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisStoreOptions options;
    private readonly IDurableState state;
    private readonly ILogger logger;
    private readonly ConnectionMultiplexer redis;
    private readonly IDatabase db;
    private readonly RedisKey logKey;
    private readonly RedisKey snapshotKey;
    private readonly RedisKey lockKey;
    private readonly SemaphoreSlim applyGate = new(1, 1);
    private readonly Dictionary<string, long> recentFirstSequence = new();
    private readonly Queue<string> recentOrder = new();
    private readonly CancellationTokenSource stopping = new();
    private string lastId = "0-0";
    private long lastSequence;
    private Task following = Task.CompletedTask;
    private volatile StorageException? failure;

    private RedisStreamStore(RedisStoreOptions options, IDurableState state, ILogger logger, ConnectionMultiplexer redis)
    {
        this.options = options;
        this.state = state;
        this.logger = logger;
        this.redis = redis;
        db = redis.GetDatabase();
        // One hash tag: on Redis Cluster all keys of the service live in one slot, as the scripts need.
        logKey = $"{{{options.KeyPrefix}}}:log";
        snapshotKey = $"{{{options.KeyPrefix}}}:snapshot";
        lockKey = $"{{{options.KeyPrefix}}}:snapshot-lock";
    }

    /// <summary>The sequence number of the last record this replica applied.</summary>
    public long LastAppliedSequence => Interlocked.Read(ref lastSequence);

    /// <summary>When this replica last found itself at the end of the log (UTC); readiness compares it with now.</summary>
    public DateTimeOffset CaughtUpAt { get; private set; }

    /// <summary>
    /// Connects, refuses a Redis that would acknowledge before fsync (unless allowed), loads the snapshot, applies the
    /// log after it and starts following the log.
    /// </summary>
    public static async Task<RedisStreamStore> OpenAsync(RedisStoreOptions options, IDurableState state, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        configuration.AllowAdmin = true; // CONFIG GET, to check the fsync policy; nothing else admin is used
        // While Redis is unreachable, fail at once (the caller answers UNAVAILABLE) instead of queueing writes
        // that the caller may have given up on.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        var store = new RedisStreamStore(options, state, logger, redis);
        try
        {
            await RedisDurability.EnsureFsyncAsync(redis, options, logger).ConfigureAwait(false);
            await store.LoadSnapshotAsync().ConfigureAwait(false);
            await store.CatchUpAsync().ConfigureAwait(false);
            store.following = Task.Run(store.FollowAsync);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Appends the records as one log entry; completes once Redis acknowledged it (on disk) and this replica applied
    /// it, with the sequence numbers the records got.
    /// </summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("records: an append needs at least one record", nameof(records));
        }
        ThrowIfFailed();
        string id = (await db.StreamAddAsync(logKey, "b", Encode(records)).ConfigureAwait(false)).ToString();
        await CatchUpAsync(until: id).ConfigureAwait(false);
        await applyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            return recentFirstSequence.TryGetValue(id, out long first)
                ? new AppendResult(first, first + records.Count - 1)
                : throw new StorageException($"log entry {id} was appended but is no longer among the last {RecentEntries} applied");
        }
        finally
        {
            applyGate.Release();
        }
    }

    /// <summary>
    /// Writes this replica's state as the shared snapshot, unless another replica holds the snapshot lock (then
    /// returns false), and trims the log to the snapshot it replaces.
    /// </summary>
    public async Task<bool> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        string token = Guid.NewGuid().ToString("N");
        if (!await db.StringSetAsync(lockKey, token, TimeSpan.FromMinutes(5), When.NotExists).ConfigureAwait(false))
        {
            return false;
        }
        try
        {
            await CatchUpAsync().ConfigureAwait(false);
            byte[] payload;
            string id;
            long sequence;
            await applyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var buffer = new MemoryStream();
                await state.WriteSnapshotAsync(buffer, cancellationToken).ConfigureAwait(false);
                payload = buffer.ToArray();
                (id, sequence) = (lastId, lastSequence);
            }
            finally
            {
                applyGate.Release();
            }
            var published = (long)await db.ScriptEvaluateAsync(PublishSnapshotScript, [snapshotKey, logKey],
                [id, sequence, payload]).ConfigureAwait(false);
            logger.LogInformation("Snapshot at log entry {Id} (sequence {Sequence}, {Bytes} bytes) {Outcome}",
                id, sequence, payload.Length, published == 1 ? "published" : "not published: a newer one exists");
            return published == 1;
        }
        finally
        {
            await db.ScriptEvaluateAsync(ReleaseLockScript, [lockKey], [token]).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await following.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await redis.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task LoadSnapshotAsync()
    {
        var fields = (await db.HashGetAllAsync(snapshotKey).ConfigureAwait(false)).ToDictionary(e => e.Name.ToString(), e => e.Value);
        if (fields.Count == 0)
        {
            return;
        }
        lastId = fields["id"].ToString();
        lastSequence = (long)fields["sequence"];
        using var payload = new MemoryStream((byte[])fields["payload"]!);
        state.LoadSnapshot(payload, lastSequence);
        logger.LogInformation("Loaded the shared snapshot at log entry {Id} (sequence {Sequence})", lastId, lastSequence);
    }

    private async Task FollowAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync().ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                logger.LogWarning("Following the shared log failed, retrying: {Message}", e.Message);
            }
            catch (StorageException)
            {
                return; // recorded in failure; appends and readiness report it
            }
            await Task.Delay(options.PollInterval, stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies every entry after the last applied one, up to the end of the log as Redis has it now; with
    /// <paramref name="until"/>, returns at once when a concurrent catch-up already applied that entry (appenders
    /// waiting here then share one read).
    /// </summary>
    private async Task CatchUpAsync(string? until = null)
    {
        await applyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            if (until is not null && recentFirstSequence.ContainsKey(until))
            {
                return;
            }
            while (true)
            {
                // Start at the last applied entry itself: finding it proves the log was not trimmed past this replica.
                bool fresh = lastId == "0-0";
                var entries = await db.StreamRangeAsync(logKey, fresh ? "-" : lastId, "+", options.ReadPageEntries + 1).ConfigureAwait(false);
                int skip = 0;
                if (!fresh)
                {
                    if (entries.Length == 0 || entries[0].Id.ToString() != lastId)
                    {
                        failure = new StorageException($"the shared log {logKey} no longer holds entry {lastId}, the last this replica applied: "
                            + "it fell more than one snapshot behind and missed entries; restart it to load the shared snapshot");
                        logger.LogCritical("{Failure}", failure.Message);
                        throw failure;
                    }
                    skip = 1;
                }
                foreach (var entry in entries.Skip(skip))
                {
                    ApplyEntry(entry);
                }
                if (entries.Length - skip < options.ReadPageEntries)
                {
                    CaughtUpAt = DateTimeOffset.UtcNow;
                    return;
                }
            }
        }
        finally
        {
            applyGate.Release();
        }
    }

    private void ApplyEntry(StreamEntry entry)
    {
        string id = entry.Id.ToString();
        long first = lastSequence + 1;
        byte[] payload = (byte[])entry["b"]!;
        for (int offset = 0; offset < payload.Length;)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(offset));
            lastSequence++;
            try
            {
                state.Apply(new LogRecord(lastSequence, payload.AsMemory(offset + 4, length)));
            }
            catch (Exception e)
            {
                failure = new StorageException($"applying record {lastSequence} (log entry {id}) failed, so this replica's state no longer matches the log: {e.Message}", e);
                throw failure;
            }
            offset += 4 + length;
        }
        lastId = id;
        recentFirstSequence[id] = first;
        recentOrder.Enqueue(id);
        if (recentOrder.Count > RecentEntries)
        {
            recentFirstSequence.Remove(recentOrder.Dequeue());
        }
    }

    private static byte[] Encode(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var payload = new byte[records.Sum(r => 4 + r.Length)];
        int offset = 0;
        foreach (var record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(offset), record.Length);
            record.Span.CopyTo(payload.AsSpan(offset + 4));
            offset += 4 + record.Length;
        }
        return payload;
    }

    private void ThrowIfFailed()
    {
        if (failure is { } f)
        {
            throw new StorageException(f.Message, f);
        }
    }
}
