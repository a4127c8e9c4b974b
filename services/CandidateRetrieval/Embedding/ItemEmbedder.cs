using Grpc.Core;
using Grpc.Net.Client;
using Recommender.CandidateRetrieval.Service;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Embedding;

/// <summary>
/// Embeds item texts with the encoder service (<c>recsys.v1.Encoder/Encode</c>) in chunks of
/// <see cref="CandidateRetrievalOptions.EncoderBatchSize"/> texts, one chunk at a time: the encoder bounds its queue in
/// tokens for the sake of online latency, so a large chunk is only admitted while its queue is empty, and it answers
/// RESOURCE_EXHAUSTED otherwise. Such a chunk is retried after a jittered, doubling pause (20 ms up to 1 s) until the
/// deadline: <see cref="CandidateRetrievalOptions.EncoderTimeout"/> for all the chunks of one upsert, or the caller's
/// deadline when earlier. Any other failure ends the embedding at once.
/// </summary>
internal sealed class ItemEmbedder : IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    private readonly GrpcChannel channel;
    private readonly Contracts.V1.Encoder.EncoderClient client;
    private readonly CandidateRetrievalOptions options;
    private readonly ServiceMetrics metrics;
    private readonly TimeProvider time;

    public ItemEmbedder(CandidateRetrievalOptions options, ServiceMetrics metrics, TimeProvider time)
    {
        this.options = options;
        this.metrics = metrics;
        this.time = time;
        channel = GrpcChannel.ForAddress(options.EncoderAddress);
        client = new Contracts.V1.Encoder.EncoderClient(channel);
    }

    /// <summary>
    /// One vector per text, in order, and the model that made them (the encoder's name for it: the configured model,
    /// or the encoder's default when none is configured). Throws <see cref="EncoderUnavailableException"/> when a call fails or the deadline
    /// passes, <see cref="EncoderMismatchException"/> when the encoder refuses the model or answers inconsistently, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<(float[][] Vectors, string Model)> EmbedAsync(IReadOnlyList<string> texts, DateTime callerDeadline, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().UtcDateTime + options.EncoderTimeout;
        if (callerDeadline.ToUniversalTime() < deadline)
        {
            deadline = callerDeadline.ToUniversalTime();
        }
        var vectors = new float[texts.Count][];
        var next = 0;
        int? dimension = null;
        string? model = null;
        foreach (var chunk in texts.Chunk(options.EncoderBatchSize))
        {
            var response = await EncodeAsync(chunk, texts.Count, deadline, cancellationToken).ConfigureAwait(false);
            model ??= response.Model;
            if (response.Model != model)
            {
                throw new EncoderMismatchException(
                    $"the encoder at {options.EncoderAddress} answered with model '{model}' and then '{response.Model}' for model '{options.EncoderModel}'");
            }
            if (response.Embeddings.Count != chunk.Length)
            {
                throw new EncoderMismatchException(
                    $"the encoder at {options.EncoderAddress} returned {response.Embeddings.Count} embeddings for {chunk.Length} texts");
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
        return (vectors, model ?? options.EncoderModel);
    }

    private async Task<EncodeResponse> EncodeAsync(string[] texts, int total, DateTime deadline, CancellationToken cancellationToken)
    {
        var request = new EncodeRequest { Model = options.EncoderModel };
        request.Texts.AddRange(texts);
        var pause = FirstPause;
        while (true)
        {
            try
            {
                var response = await client.EncodeAsync(request, deadline: deadline, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
                metrics.EncoderCall("ok", texts.Length);
                return response;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && !cancellationToken.IsCancellationRequested
                                         && time.GetUtcNow().UtcDateTime + pause < deadline)
            {
                metrics.EncoderCall("busy", texts.Length);
                await Task.Delay(pause * (0.5 + Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
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
    }

    public void Dispose() => channel.Dispose();
}
