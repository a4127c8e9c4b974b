using Grpc.Core;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;
using V1 = Recommender.Contracts.V1;

namespace Recommender.Encoder.Service;

/// <summary>
/// The Encoder gRPC service (protos/recsys/v1/encoder.proto): Encode, EncodeStream, Tokenize and
/// ListModels over the <see cref="ServedModels"/>.
/// </summary>
public sealed class EncoderService : V1.Encoder.EncoderBase
{
    private readonly ServedModels _models;
    private readonly EncoderLimits _limits;
    private readonly EncoderRuntimeOptions _runtime;
    private readonly EncoderServiceMetrics _metrics;
    private readonly RequestChecks _checks;

    /// <summary>Creates the service over the served models with validated limits.</summary>
    public EncoderService(ServedModels models, EncoderLimits limits, EncoderRuntimeOptions runtime, EncoderServiceMetrics metrics)
    {
        limits.Validate();
        _models = models;
        _limits = limits;
        _runtime = runtime;
        _metrics = metrics;
        _checks = new RequestChecks(limits, metrics);
    }

    /// <inheritdoc />
    public override async Task<V1.EncodeResponse> Encode(V1.EncodeRequest request, ServerCallContext context)
    {
        var model = Resolve(request.Model);
        _checks.Texts(request.Texts);
        var embedded = await EmbedAsync(model, request.Texts, request.Query, context, waitForRoom: false).ConfigureAwait(false);
        var response = new V1.EncodeResponse { Model = model.Name, Dimension = model.Model.Info.Dimension };
        response.Embeddings.Add(ToProto(embedded));
        _metrics.Answered(model.Name, "encode", embedded.Length, embedded.Count(e => e.Truncated));
        return response;
    }

    /// <inheritdoc />
    public override Task EncodeStream(IAsyncStreamReader<V1.EncodeStreamRequest> requestStream,
        IServerStreamWriter<V1.EncodeStreamResponse> responseStream, ServerCallContext context) =>
        new EncodeStreamHandler(_limits.MaxStreamChunksInFlight, context, ChunkAsync).RunAsync(requestStream, responseStream);

    /// <inheritdoc />
    public override Task<V1.TokenizeResponse> Tokenize(V1.TokenizeRequest request, ServerCallContext context)
    {
        var model = Resolve(request.Model);
        _checks.Texts(request.Texts);
        var response = new V1.TokenizeResponse { Model = model.Name };
        var truncated = 0;
        foreach (var text in request.Texts)
        {
            var input = model.Input(text, request.Query);
            var tokenized = model.Tokenizer.Tokenize(input);
            var (tokens, normalized) = model.Tokenizer.Explain(input);
            var answer = new V1.TokenizedText { Truncated = tokenized.Truncated, NormalizedText = normalized };
            answer.Ids.Add(tokenized.Ids);
            foreach (var token in tokens)
            {
                answer.Tokens.Add(token.Value);
                answer.Offsets.Add(token.Offset.Start.GetOffset(normalized.Length));
                answer.Offsets.Add(token.Offset.End.GetOffset(normalized.Length));
            }
            response.Texts.Add(answer);
            truncated += tokenized.Truncated ? 1 : 0;
        }

        _metrics.Answered(model.Name, "tokenize", request.Texts.Count, truncated);
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<V1.ListModelsResponse> ListModels(V1.ListModelsRequest request, ServerCallContext context)
    {
        var response = new V1.ListModelsResponse();
        response.Models.Add(_models.All.Select(ToProto));
        return Task.FromResult(response);
    }

    /// <summary>Answers one EncodeStream chunk: the same checks as Encode, waiting while the queue is full.</summary>
    private async Task<V1.EncodeStreamResponse> ChunkAsync(V1.EncodeStreamRequest chunk, ServerCallContext context, CancellationToken cancellationToken)
    {
        var where = $"chunk '{ServedModels.Truncate(chunk.ChunkId)}': ";
        ServedModel model;
        try
        {
            model = Resolve(chunk.Model);
            _checks.Texts(chunk.Texts, where);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && !e.Status.Detail.StartsWith(where, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(e.StatusCode, where + e.Status.Detail));
        }

        var embedded = await EmbedAsync(model, chunk.Texts, chunk.Query, context, waitForRoom: true, cancellationToken).ConfigureAwait(false);
        var response = new V1.EncodeStreamResponse { ChunkId = chunk.ChunkId, Model = model.Name, Dimension = model.Model.Info.Dimension };
        response.Embeddings.Add(ToProto(embedded));
        _metrics.Answered(model.Name, "stream", embedded.Length, embedded.Count(e => e.Truncated));
        return response;
    }

    private ServedModel Resolve(string model)
    {
        try
        {
            return _models.Resolve(model);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            _metrics.Invalid("model");
            throw;
        }
    }

    private static async Task<EmbeddedText[]> EmbedAsync(ServedModel model, IReadOnlyList<string> texts, bool query, ServerCallContext context,
        bool waitForRoom, CancellationToken cancellationToken = default)
    {
        try
        {
            return await model.EmbedAsync(texts, query, context.Deadline, cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken, waitForRoom)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (BatcherStatus.TryMap(e, context.Deadline, out var status))
        {
            throw status;
        }
    }

    private static IEnumerable<V1.Embedding> ToProto(EmbeddedText[] embedded) => embedded.Select(e =>
    {
        var embedding = new V1.Embedding { TokenCount = e.TokenCount, Truncated = e.Truncated };
        embedding.Values.Add(e.Vector);
        return embedding;
    });

    private V1.ModelInfo ToProto(ServedModel served)
    {
        var info = served.Model.Info;
        return new V1.ModelInfo
        {
            Name = info.Name,
            Dimension = info.Dimension,
            MaxLength = info.MaxLength,
            Provider = info.Provider == SessionFactory.CudaProvider ? $"cuda:{_runtime.DeviceId}" : "cpu",
            Tokenizer = "wordpiece",
            Pooling = info.Pooling switch
            {
                PoolingMode.Mean => "mean",
                PoolingMode.Cls => "cls",
                _ => "none",
            },
            Normalized = info.Normalized,
            IsDefault = served.IsDefault,
            QueryPrefix = info.QueryPrefix,
        };
    }
}
