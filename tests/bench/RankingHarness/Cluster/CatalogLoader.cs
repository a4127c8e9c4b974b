using Recommender.Bench.RankingHarness.Data;
using Recommender.Contracts.V1;
using Grpc.Core;
using ClusterHost = Recommender.ClusterHarness.Cluster;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Bench.RankingHarness.Cluster;

/// <summary>
/// Loads the movies through the gateway without vectors (candidate-retrieval embeds title, category
/// path, tags and description with the default encoder model), then reads the vectors back.
/// </summary>
public static class CatalogLoader
{
    private const int BatchSize = 250;

    public static async Task UpsertAsync(ClusterHost cluster, IReadOnlyList<Movie> movies, CategoryScheme scheme, TimeShift shift)
    {
        var client = new RecommenderClient(cluster.Gateway);
        foreach (var batch in movies.Chunk(BatchSize))
        {
            var request = new UpsertItemsRequest();
            request.Items.AddRange(batch.Select(m => ItemOf(m, scheme, shift)));
            await client.UpsertItemsAsync(request, ClusterHost.Key(ClusterHost.AdminKey), DateTime.UtcNow.AddMinutes(5));
        }
    }

    public static Item ItemOf(Movie movie, CategoryScheme scheme, TimeShift shift)
    {
        var item = new Item
        {
            Id = movie.Id,
            Title = movie.Title.Length <= 512 ? movie.Title : movie.Title[..512],
            CategoryPath = scheme.PathOf(movie),
            Description = movie.Genres.Count == 0 ? "" : "Genres: " + string.Join(", ", movie.Genres),
        };
        item.Tags.AddRange(movie.Tags);
        if (movie.Year is { } year and >= 1900)
        {
            item.CreatedAt = shift.OfYear(year);
        }
        return item;
    }

    /// <summary>Every item's vector as the catalog stores it.</summary>
    public static async Task<Dictionary<string, float[]>> VectorsAsync(ClusterHost cluster)
    {
        var client = new CandidateRetrieval.CandidateRetrievalClient(Grpc.Net.Client.GrpcChannel.ForAddress(cluster["candidate-retrieval"].GrpcAddress));
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var token = "";
        do
        {
            var page = await client.ListItemsAsync(new ListItemsRequest { PageSize = 1000, PageToken = token, IncludeVectors = true }, deadline: DateTime.UtcNow.AddMinutes(1));
            foreach (var item in page.Items)
            {
                vectors[item.Id] = item.Vector.ToArray();
            }
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return vectors;
    }
}
