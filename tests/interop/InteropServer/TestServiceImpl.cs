using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace Recommender.Interop;

/// <summary>grpc.testing.TestService as gRPC's interop test descriptions specify the server side.</summary>
public sealed class TestServiceImpl : TestService.TestServiceBase
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    private const string CompressionRequestKey = "grpc-internal-encoding-request";

    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponse: false);
        return new Empty();
    }

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context, request.ResponseCompressed?.Value == true);
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = CreatePayload(request.ResponseSize) };
    }

    public override Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) => UnaryCall(request, context);

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponse: false);
        await WriteResponsesAsync(request.ResponseParameters, responseStream, context);
        ThrowIfStatusRequested(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponse: false);
        var total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            total += request.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponse: false);
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            ThrowIfStatusRequested(request.ResponseStatus);
            await WriteResponsesAsync(request.ResponseParameters, responseStream, context);
        }
    }

    public override async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponse: false);
        var requests = new List<StreamingOutputCallRequest>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            requests.Add(request);
        }
        foreach (var request in requests)
        {
            ThrowIfStatusRequested(request.ResponseStatus);
            await WriteResponsesAsync(request.ResponseParameters, responseStream, context);
        }
    }

    private static async Task WriteResponsesAsync(IEnumerable<ResponseParameters> parameters, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameter.IntervalUs), context.CancellationToken);
            }
            responseStream.WriteOptions = parameter.Compressed?.Value == false ? new WriteOptions(WriteFlags.NoCompress) : null;
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = CreatePayload(parameter.Size) });
        }
    }

    /// <summary>Echoes the interop test's metadata keys: the initial one in response headers, the binary one in trailers.</summary>
    private static async Task EchoMetadataAsync(ServerCallContext context, bool compressResponse)
    {
        var headers = new Metadata();
        if (context.RequestHeaders.Get(EchoInitialKey) is { } initial)
        {
            headers.Add(initial);
        }
        if (context.RequestHeaders.Get(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(trailing);
        }
        if (compressResponse)
        {
            headers.Add(CompressionRequestKey, "gzip");
        }
        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload CreatePayload(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
