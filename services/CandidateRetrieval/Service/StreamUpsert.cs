using Grpc.Core;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// One UpsertItemsStream call. Each message is an upsert of its own, applied and durable in arrival order; while one
/// message is being committed the next is already read, validated and embedded. A message that fails ends the call
/// with its status; the error says which stream message failed and how many before it were applied (those stay).
/// </summary>
internal sealed class StreamUpsert(CatalogWriter writer, ServerCallContext context)
{
    private readonly UpsertItemsResponse total = new();
    private Task<UpsertItemsResponse>? committing;
    private int applied;

    public async Task<UpsertItemsResponse> RunAsync(IAsyncStreamReader<UpsertItemsRequest> requestStream)
    {
        var cancellation = context.CancellationToken;
        try
        {
            while (await requestStream.MoveNext(cancellation).ConfigureAwait(false))
            {
                var prepared = writer.Prepare(requestStream.Current.Items, context.Deadline, cancellation);
                try
                {
                    await SettleAsync().ConfigureAwait(false);
                }
                catch
                {
                    // The earlier message failed: this one is never committed; observe its embedding's outcome.
                    _ = prepared.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    throw;
                }
                committing = CommitAsync(prepared, cancellation);
            }
            await SettleAsync().ConfigureAwait(false);
            total.ItemCount = applied == 0 ? writer.ItemCount : total.ItemCount;
            return total;
        }
        catch (Exception e) when (RpcErrors.ToRpc(e, cancellation) is { } rpc)
        {
            // Let a message still being committed finish (or fail) first, so the report of what was applied is exact.
            try
            {
                await SettleAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // it failed as well; the messages before it are counted
            }
            throw new RpcException(new Status(rpc.StatusCode,
                $"stream message {applied + 1}: {rpc.Status.Detail}; the {applied} messages before it ({total.Upserted} items) were applied and are durable"));
        }
    }

    private async Task<UpsertItemsResponse> CommitAsync(Task<PreparedUpsert> prepared, CancellationToken cancellation) =>
        await writer.CommitAsync(await prepared.ConfigureAwait(false), cancellation).ConfigureAwait(false);

    private async Task SettleAsync()
    {
        var pending = committing;
        committing = null;
        if (pending is null)
        {
            return;
        }
        var response = await pending.ConfigureAwait(false);
        applied++;
        total.Upserted += response.Upserted;
        total.Embedded += response.Embedded;
        total.ItemCount = response.ItemCount;
    }
}
