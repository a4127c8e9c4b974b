using Grpc.Core;
using Grpc.Net.Client;
using Recommender.CandidateRetrieval.Service;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Embedding;

/// <summary>
/// Embeds item texts with the encoder service (<c>recsys.v1.Encoder/Encode</c>): chunks of
/// <see cref="CandidateRetrievalOptions.EncoderBatchSize"/> texts, sent concurrently, each call with a deadline of
/// <see cref="CandidateRetrievalOptions.EncoderTimeout"/> (or the caller's, when earlier).
/// </summary>
internal sealed class ItemEmbedder : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly Contracts.V1.Encoder.EncoderClient client;
    private readonly CandidateRetrievalOptions options;
    private readonly ServiceMetrics metrics;

    public ItemEmbedder(CandidateRetrievalOptions options, ServiceMetrics metrics)
    {
        this.options = options;
        this.metrics = metrics;
        channel = GrpcChannel.ForAddress(options.EncoderAddress);
        client = new Contracts.V1.Encoder.EncoderClient(channel);
    }

    /// <summary>
    /// One vector per text, in order. Throws <see cref="EncoderUnavailableException"/> when a call fails,
    /// <see cref="EncoderMismatchException"/> when the encoder refuses the model or answers inconsistently, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, DateTime callerDeadline, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.EncoderTimeout;
        if (callerDeadline.ToUniversalTime() < deadline)
        {
            deadline = callerDeadline.ToUniversalTime();
        }
        var chunks = texts.Chunk(options.EncoderBatchSize).ToArray();
        var answers = await Task.WhenAll(chunks.Select(chunk => EncodeAsync(chunk, texts.Count, deadline, cancellationToken))).ConfigureAwait(false);

        var vectors = new float[texts.Count][];
        var next = 0;
        int? dimension = null;
        for (var c = 0; c < chunks.Length; c++)
        {
            var response = answers[c];
            if (response.Embeddings.Count != chunks[c].Length)
            {
                throw new EncoderMismatchException(
                    $"the encoder at {options.EncoderAddress} returned {response.Embeddings.Count} embeddings for {chunks[c].Length} texts");
            }
            foreach (var embedding in response.Embeddings)
            {
                dimension ??= embedding.Values.Count;
                if (embedding.Values.Count != dimension)
                {
                    throw new EncoderMismatchException(
                        $"the encoder at {options.EncoderAddress} returned vectors of {dimension} and {embedding.Values.Count} components for model '{options.EncoderModel}'");
                }
                vectors[next++] = embedding.Values.ToArray();
            }
        }
        return vectors;
    }

    private async Task<EncodeResponse> EncodeAsync(string[] texts, int total, DateTime deadline, CancellationToken cancellationToken)
    {
        var request = new EncodeRequest { Model = options.EncoderModel };
        request.Texts.AddRange(texts);
        try
        {
            var response = await client.EncodeAsync(request, deadline: deadline, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            metrics.EncoderCall("ok", texts.Length);
            return response;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.EncoderCall("failed", texts.Length);
            var reason = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
            if (e is RpcException { StatusCode: StatusCode.InvalidArgument or StatusCode.NotFound })
            {
                throw new EncoderMismatchException(
                    $"the encoder at {options.EncoderAddress} refused to embed with model '{options.EncoderModel}' ({reason}); " +
                    "check CandidateRetrieval:EncoderModel; nothing was applied", e);
            }
            throw new EncoderUnavailableException(
                $"the encoder at {options.EncoderAddress} could not embed the {total} items that came without a vector ({reason}); " +
                "nothing was applied. Retry later, or send the items with their vectors (those upsert without the encoder)", e);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => channel.Dispose();
}
