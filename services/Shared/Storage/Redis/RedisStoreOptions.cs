namespace Recommender.Storage.Redis;

/// <summary>Where a <see cref="RedisStreamStore"/> keeps its log and snapshot, and how it follows the log.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...</c>. Required.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefix of the keys (<c>{prefix}:log</c>, <c>{prefix}:snapshot</c>, <c>{prefix}:snapshot-lock</c>); one per service.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>
    /// Accept a Redis that does not fsync every write (<c>appendonly yes</c>, <c>appendfsync always</c>) or whose
    /// configuration cannot be read: acknowledged writes may then be lost in a crash of Redis' machine. Default false.
    /// </summary>
    public bool AllowWithoutFsync { get; set; }

    /// <summary>How often a replica looks for entries other replicas appended. Default 20 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Log entries read per request while catching up. Default 1,000.</summary>
    public int ReadPageEntries { get; set; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            throw new ArgumentException("Redis:Configuration must name the Redis server (a StackExchange.Redis configuration string)");
        }
        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.IndexOfAny(['{', '}']) >= 0)
        {
            throw new ArgumentException($"Redis:KeyPrefix must be a non-empty name without braces, got '{KeyPrefix}'");
        }
        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException($"Redis:PollInterval must be between 0 and 10 s, got {PollInterval}");
        }
        if (ReadPageEntries is < 1 or > 100_000)
        {
            throw new ArgumentException($"Redis:ReadPageEntries must be between 1 and 100000, got {ReadPageEntries}");
        }
    }
}
