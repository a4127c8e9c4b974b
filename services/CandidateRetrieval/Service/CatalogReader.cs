using System.Text;
using Recommender.CandidateRetrieval.Catalog;
using Recommender.CandidateRetrieval.Persistence;
using Recommender.CandidateRetrieval.Retrieval;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>The read RPCs over the catalog: GetItems, ListItems, ListCategories, GetCatalogStats. Lock-free.</summary>
internal sealed class CatalogReader(CatalogStore store, CandidateRetrievalOptions options)
{
    private const string PageTokenPrefix = "after:";

    /// <summary>Items by id in request order; a repeated id is answered once per occurrence.</summary>
    public GetItemsResponse GetItems(GetItemsRequest request)
    {
        var catalog = store.Catalog;
        var limits = options.Limits;
        Fields.Count(request.Ids.Count, 1, limits.MaxIdsPerRequest, "ids", "MaxIdsPerRequest", "ids");
        for (var i = 0; i < request.Ids.Count; i++)
        {
            Fields.Id(request.Ids[i], limits.MaxIdLength, $"ids[{i}]");
        }
        var response = new GetItemsResponse();
        foreach (var id in request.Ids)
        {
            if (catalog.TryGet(id, out var entry) && Present(catalog, entry, request.IncludeVectors) is { } item)
            {
                response.Items.Add(item);
            }
            else
            {
                response.MissingIds.Add(id);
            }
        }
        return response;
    }

    /// <summary>
    /// A page of items in ordinal id order, optionally only those under a category (whole segments). The page token is
    /// the last id of the previous page (base64url), so pages stay consistent while items are written: an item
    /// written meanwhile shows up if its id sorts after the token. The last page may be empty when a category filter
    /// leaves nothing after the previous one.
    /// </summary>
    public ListItemsResponse ListItems(ListItemsRequest request)
    {
        var catalog = store.Catalog;
        var limits = options.Limits;
        if (request.PageSize < 0 || request.PageSize > limits.MaxPageSize)
        {
            throw new RequestValidationException("page_size",
                $"page_size is {request.PageSize}; it must be between 1 and {Fields.Limit(limits.MaxPageSize, "MaxPageSize")} (0 means {limits.DefaultPageSize})");
        }
        var pageSize = request.PageSize == 0 ? limits.DefaultPageSize : request.PageSize;
        var prefix = request.CategoryPrefix.Length == 0 ? null : CategoryPaths.Parse(request.CategoryPrefix, limits, "category_prefix");
        var after = request.PageToken.Length == 0 ? null : DecodeToken(request.PageToken);

        var order = catalog.Order;
        var start = 0;
        if (after is not null)
        {
            var position = order.IndexOf(after);
            start = position >= 0 ? position + 1 : ~position;
        }
        var response = new ListItemsResponse();
        string? last = null;
        var i = start;
        for (; i < order.Count && response.Items.Count < pageSize; i++)
        {
            var id = order[i];
            if (!catalog.TryGet(id, out var entry) || (prefix is not null && !entry.Category.StartsWith(prefix)))
            {
                continue;
            }
            if (Present(catalog, entry, request.IncludeVectors) is { } item)
            {
                response.Items.Add(item);
                last = id;
            }
        }
        if (i < order.Count && last is not null)
        {
            response.NextPageToken = EncodeToken(last);
        }
        return response;
    }

    public ListCategoriesResponse ListCategories(ListCategoriesRequest request)
    {
        var catalog = store.Catalog;
        if (request.MaxDepth < 0)
        {
            throw new RequestValidationException("max_depth", $"max_depth is {request.MaxDepth}; it must be 0 (all levels) or more");
        }
        var prefix = request.Prefix.Length == 0 ? null : CategoryPaths.Parse(request.Prefix, options.Limits, "prefix");
        var response = new ListCategoriesResponse();
        response.Roots.AddRange(catalog.CategoryTree(prefix, request.MaxDepth));
        return response;
    }

    public CatalogStats GetCatalogStats()
    {
        var catalog = store.Catalog;
        var stats = catalog.Vectors?.Index.GetStatistics();
        return new CatalogStats
        {
            ItemCount = catalog.Count,
            CategoryCount = catalog.CategoryCount,
            Dimension = catalog.Dimension,
            Model = catalog.EmbeddingModels is [var (model, _), ..] ? model : options.EncoderModel,
            Tombstones = stats?.Tombstones ?? 0,
            IndexBytes = stats?.EstimatedBytes ?? 0,
            LastWrite = catalog.LastWrite,
        };
    }

    /// <summary>The item as a response carries it: shared as stored, or a copy with its vector (null if it just went away).</summary>
    private static Item? Present(CatalogState catalog, CatalogEntry entry, bool includeVector)
    {
        if (!includeVector)
        {
            return entry.Item;
        }
        var vector = catalog.GetVector(entry.Item.Id);
        if (vector is null)
        {
            return null;
        }
        var item = entry.Item.Clone();
        item.Vector.AddRange(vector);
        return item;
    }

    private static string EncodeToken(string lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(PageTokenPrefix + lastId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
            if (text.StartsWith(PageTokenPrefix, StringComparison.Ordinal))
            {
                return text[PageTokenPrefix.Length..];
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // reported below
        }
        throw new RequestValidationException("page_token", "page_token is not a token this service issued; pass next_page_token from the previous response, or empty for the first page");
    }
}
