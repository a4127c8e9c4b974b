using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Recommender.Storage.Redis;

/// <summary>
/// Acknowledged means durable: a Redis answers a write before it is on disk unless it appends every write to its
/// AOF and fsyncs it first (<c>appendonly yes</c>, <c>appendfsync always</c>). Checked once at open.
/// </summary>
internal static class RedisDurability
{
    public static async Task EnsureFsyncAsync(IConnectionMultiplexer redis, RedisStoreOptions options, ILogger logger)
    {
        string problem;
        try
        {
            var server = redis.GetServers().First(s => s.IsConnected);
            var settings = (await server.ConfigGetAsync("append*").ConfigureAwait(false)).ToDictionary(p => p.Key, p => p.Value);
            var appendOnly = settings.GetValueOrDefault("appendonly", "");
            var appendFsync = settings.GetValueOrDefault("appendfsync", "");
            if (appendOnly == "yes" && appendFsync == "always")
            {
                return;
            }
            problem = $"Redis at {server.EndPoint} has appendonly {appendOnly} and appendfsync {appendFsync}, so it acknowledges "
                + "writes before they are on disk; configure appendonly yes and appendfsync always";
        }
        catch (Exception e) when (e is RedisException or InvalidOperationException)
        {
            problem = $"Redis' persistence settings could not be read (CONFIG GET append*: {e.Message})";
        }
        if (!options.AllowWithoutFsync)
        {
            throw new StorageException($"{problem}, or set Redis:AllowWithoutFsync=true to accept losing acknowledged writes in a crash of Redis' machine");
        }
        logger.LogWarning("{Problem}; continuing because Redis:AllowWithoutFsync is true", problem);
    }
}
