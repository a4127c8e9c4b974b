using Google.Protobuf.WellKnownTypes;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service.Infrastructure;

/// <summary>Contract items and requests for the service tests.</summary>
internal static class Items
{
    public static Proto.Item Of(string id, string category, float[]? vector = null, string? title = null, string[]? tags = null,
        Dictionary<string, string>? attributes = null, string description = "")
    {
        var item = new Proto.Item { Id = id, Title = title ?? $"Item {id}", CategoryPath = category, Description = description };
        if (vector is not null)
        {
            item.Vector.AddRange(vector);
        }
        item.Tags.AddRange(tags ?? []);
        foreach (var (key, value) in attributes ?? [])
        {
            item.Attributes[key] = value;
        }
        return item;
    }

    public static Proto.UpsertItemsRequest Upsert(params Proto.Item[] items)
    {
        var request = new Proto.UpsertItemsRequest();
        request.Items.AddRange(items);
        return request;
    }

    public static Proto.GetItemsRequest Get(bool includeVectors, params string[] ids)
    {
        var request = new Proto.GetItemsRequest { IncludeVectors = includeVectors };
        request.Ids.AddRange(ids);
        return request;
    }

    public static Proto.DeleteItemsRequest Delete(params string[] ids)
    {
        var request = new Proto.DeleteItemsRequest();
        request.Ids.AddRange(ids);
        return request;
    }

    public static Proto.InterestQuery Query(string interestId, float[] vector, double weight = 1, int quota = 0)
    {
        var query = new Proto.InterestQuery { InterestId = interestId, Weight = weight, Quota = quota };
        query.Vector.AddRange(vector);
        return query;
    }

    public static Proto.RetrieveRequest Retrieve(int k, params Proto.InterestQuery[] queries)
    {
        var request = new Proto.RetrieveRequest { K = k };
        request.Queries.AddRange(queries);
        return request;
    }

    /// <summary>A unit vector along axis <paramref name="axis"/> of <paramref name="dimension"/>, tilted by <paramref name="tilt"/> towards the last axis.</summary>
    public static float[] Axis(int dimension, int axis, float tilt = 0)
    {
        var vector = new float[dimension];
        vector[axis] = 1;
        vector[dimension - 1] += tilt;
        return vector;
    }

    public static Timestamp Time(int year, int month, int day) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero));

    /// <summary>All items, paging through ListItems.</summary>
    public static async Task<List<Proto.Item>> ListAllAsync(Proto.CandidateRetrieval.CandidateRetrievalClient client, int pageSize = 1000,
        string prefix = "", bool includeVectors = false)
    {
        var all = new List<Proto.Item>();
        var token = "";
        do
        {
            var page = await client.ListItemsAsync(new Proto.ListItemsRequest { PageSize = pageSize, PageToken = token, CategoryPrefix = prefix, IncludeVectors = includeVectors });
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }
}
