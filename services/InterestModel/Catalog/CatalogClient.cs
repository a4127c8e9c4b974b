using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Recommender.Contracts.V1;
using Recommender.InterestModel.Service;

namespace Recommender.InterestModel.Catalog;

/// <summary>
/// Looks items up in candidate-retrieval's catalog (<c>GetItems</c>) in batches, each call with a deadline. Failures
/// never throw: they report <see cref="CatalogLookup.Failed"/> and start a backoff during which calls are skipped.
/// Every title seen goes into the <see cref="TitleCache"/>.
/// </summary>
internal sealed class CatalogClient : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly CandidateRetrieval.CandidateRetrievalClient client;
    private readonly InterestServiceOptions options;
    private readonly CatalogBackoff backoff;
    private readonly ServiceMetrics metrics;
    private readonly ILogger logger;

    public CatalogClient(InterestServiceOptions options, TitleCache titles, ServiceMetrics metrics, TimeProvider time, ILogger<CatalogClient> logger)
    {
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
        Titles = titles;
        channel = GrpcChannel.ForAddress(options.CatalogAddress);
        client = new CandidateRetrieval.CandidateRetrievalClient(channel);
        backoff = new CatalogBackoff(options.CatalogBackoffInitial, options.CatalogBackoffMax, time);
    }

    public TitleCache Titles { get; }

    /// <summary>False while backing off after a failure.</summary>
    public bool CanCall => backoff.CanCall;

    /// <summary>
    /// Looks <paramref name="itemIds"/> up (distinct ids; batched by <see cref="InterestServiceOptions.CatalogBatchSize"/>).
    /// Throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<CatalogLookup> GetItemsAsync(IReadOnlyList<string> itemIds, bool includeVectors, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new List<CatalogEntry>();
        var missing = new List<string>();
        foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(options.CatalogBatchSize))
        {
            if (!backoff.CanCall)
            {
                metrics.CatalogLookup("skipped");
                return new CatalogLookup(found, missing, Failed: true);
            }
            var request = new GetItemsRequest { IncludeVectors = includeVectors };
            request.Ids.AddRange(chunk);
            try
            {
                var response = await client.GetItemsAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken)
                    .ResponseAsync.ConfigureAwait(false);
                backoff.Succeeded();
                metrics.CatalogLookup("ok");
                foreach (var item in response.Items)
                {
                    Titles.Set(item.Id, item.Title);
                    found.Add(new CatalogEntry(item.Id, item.Title, item.CategoryPath, item.Vector.Count > 0 ? item.Vector.ToArray() : null));
                }
                missing.AddRange(response.MissingIds);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                // The catalog refuses these ids (for example longer than its limit): it cannot have them.
                metrics.CatalogLookup("ok");
                logger.LogWarning("The catalog refused a lookup of {Count} ids as invalid, counting them as missing: {Detail}", chunk.Length, e.Status.Detail);
                missing.AddRange(chunk);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.CatalogLookup("failed");
                var delay = backoff.Failed();
                logger.LogWarning("Catalog lookup at {Address} failed ({Reason}); next attempt in {Delay}",
                    options.CatalogAddress, e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message, delay);
                return new CatalogLookup(found, missing, Failed: true);
            }
            catch (RpcException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        return new CatalogLookup(found, missing, Failed: false);
    }

    public void Dispose() => channel.Dispose();
}
