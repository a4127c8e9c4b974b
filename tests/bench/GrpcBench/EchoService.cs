using Grpc.Core;
using Grpc.Testing;

namespace Recommender.Bench.Grpc;

/// <summary>
/// The gRPC twin of the plain POST /echo endpoint: one method that returns its request message
/// (grpc.testing.Payload), so the comparison measures the protocol and nothing else. Bound by
/// Grpc.AspNetCore through <see cref="BindServiceMethodAttribute"/> like a generated service.
/// </summary>
[BindServiceMethod(typeof(EchoService), nameof(BindService))]
public class EchoService
{
    private static readonly Marshaller<Payload> PayloadMarshaller = Marshallers.Create<Payload>(
        (message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            Google.Protobuf.MessageExtensions.WriteTo(message, context.GetBufferWriter());
            context.Complete();
        },
        context => Payload.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    public static readonly Method<Payload, Payload> EchoMethod = new(MethodType.Unary, "bench.Echo", nameof(Echo), PayloadMarshaller, PayloadMarshaller);

    public static void BindService(ServiceBinderBase binder, EchoService? service) =>
        binder.AddMethod(EchoMethod, service is null ? null : service.Echo);

    public virtual Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);
}
