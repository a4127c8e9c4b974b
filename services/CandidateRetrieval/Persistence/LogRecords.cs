using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Recommender.CandidateRetrieval.Persistence.Records;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Persistence;

/// <summary>Encodes accepted writes as log records.</summary>
internal static class LogRecords
{
    /// <summary>Records of one upsert are cut at about this size, so a batch of large items fits the log's record limit.</summary>
    public const int TargetRecordBytes = 1 << 20;

    /// <summary>
    /// The records of one upsert (items with their vectors), each holding items of about <see cref="TargetRecordBytes"/>
    /// at most (always at least one item). Appended together they form one atomic log batch.
    /// </summary>
    public static List<ReadOnlyMemory<byte>> Upsert(IReadOnlyList<Item> items, Timestamp acceptedAt)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        var batch = new UpsertBatch { AcceptedAt = acceptedAt };
        var bytes = 0;
        foreach (var item in items)
        {
            var size = item.CalculateSize();
            if (batch.Items.Count > 0 && bytes + size > TargetRecordBytes)
            {
                records.Add(new LogEntry { Upsert = batch }.ToByteArray());
                batch = new UpsertBatch { AcceptedAt = acceptedAt };
                bytes = 0;
            }
            batch.Items.Add(item);
            bytes += size;
        }
        records.Add(new LogEntry { Upsert = batch }.ToByteArray());
        return records;
    }

    public static ReadOnlyMemory<byte> Delete(IEnumerable<string> ids, Timestamp acceptedAt)
    {
        var batch = new DeleteBatch { AcceptedAt = acceptedAt };
        batch.Ids.AddRange(ids);
        return new LogEntry { Delete = batch }.ToByteArray();
    }
}
