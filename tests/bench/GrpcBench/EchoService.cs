using Grpc.Core;
using Grpc.Testing;

namespace Recommender.Bench.Grpc;

/// <summary>
/// The gRPC twin of the plain POST /echo endpoint: one method that returns its request message
/// (grpc.testing.Payload), so the comparison measures the protocol and nothing else.
/// </summary>
public static class EchoService
{
    private static readonly Marshaller<Payload> PayloadMarshaller = Marshallers.Create<Payload>(
        (message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            Google.Protobuf.MessageExtensions.WriteTo(message, context.GetBufferWriter());
            context.Complete();
        },
        context => Payload.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    public static readonly Method<Payload, Payload> Echo = new(MethodType.Unary, "bench.Echo", "Echo", PayloadMarshaller, PayloadMarshaller);

    public static ServerServiceDefinition Bind() => ServerServiceDefinition.CreateBuilder()
        .AddMethod(Echo, (request, _) => Task.FromResult(request))
        .Build();
}
