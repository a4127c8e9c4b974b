using System.Globalization;
using Recommender.Bench.RankingHarness.Data;
using Recommender.Contracts.V1;
using ClusterHost = Recommender.ClusterHarness.Cluster;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Bench.RankingHarness.Cluster;

/// <summary>Records ratings through the gateway as RATING events in time order; event ids "ml-{user}-{movie}" are unique.</summary>
public static class EventLoader
{
    private const int BatchSize = 1000;

    public static async Task<int> RecordAsync(ClusterHost cluster, IEnumerable<Rating> ratings, TimeShift shift)
    {
        var client = new RecommenderClient(cluster.Gateway);
        var recorded = 0;
        var ordered = ratings.OrderBy(r => r.UnixSeconds).ThenBy(r => r.UserId, StringComparer.Ordinal).ThenBy(r => r.MovieId, StringComparer.Ordinal);
        foreach (var batch in ordered.Chunk(BatchSize))
        {
            var request = new RecordEventsRequest();
            request.Events.AddRange(batch.Select(r => new Event
            {
                EventId = $"ml-{r.UserId}-{r.MovieId}",
                UserId = r.UserId,
                ItemId = r.MovieId,
                Action = Contracts.V1.Action.Rating,
                Rating = r.Value,
                Timestamp = shift.Of(r.UnixSeconds),
            }));
            var response = await client.RecordEventsAsync(request, ClusterHost.Key(ClusterHost.AdminKey), DateTime.UtcNow.AddMinutes(2));
            if (response.Accepted + response.Duplicates != batch.Length)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"RecordEvents accepted {response.Accepted} and found {response.Duplicates} duplicates of {batch.Length} events."));
            }
            recorded += response.Accepted;
        }
        return recorded;
    }
}
