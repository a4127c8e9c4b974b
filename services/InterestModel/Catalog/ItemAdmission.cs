using Microsoft.Extensions.Logging;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Persistence;
using Recommender.InterestModel.Persistence.Records;

namespace Recommender.InterestModel.Catalog;

/// <summary>Turns catalog items into engine items and log entries, leaving out items the engine would refuse.</summary>
internal static class ItemAdmission
{
    /// <summary>Items per log record, so embeddings of any allowed size stay far below the log's record limit.</summary>
    private const int ItemsPerRecord = 100;

    public static (List<ItemInfo> Accepted, List<string> Refused) ToEngineItems(InterestEngine engine, IEnumerable<CatalogEntry> entries, ILogger logger)
    {
        var accepted = new List<ItemInfo>();
        var refused = new List<string>();
        foreach (var entry in entries)
        {
            var item = new ItemInfo(entry.ItemId, entry.CategoryPath, entry.Vector);
            try
            {
                engine.ValidateItems([item]);
                accepted.Add(item);
            }
            catch (InterestValidationException e)
            {
                logger.LogWarning("Catalog item {ItemId} cannot be used by the interest model ({Problem}); its events keep waiting", entry.ItemId, e.Message);
                refused.Add(entry.ItemId);
            }
        }
        return (accepted, refused);
    }

    public static IEnumerable<LogEntry> LogEntriesFor(IReadOnlyList<ItemInfo> items) =>
        items.Chunk(ItemsPerRecord).Select(chunk => LogEntries.Items(chunk));
}
