namespace Grpc.Core;

/// <summary>The four kinds of call.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}

/// <summary>A method of a service, independent of message types.</summary>
public interface IMethod
{
    MethodType Type { get; }

    string ServiceName { get; }

    string Name { get; }

    /// <summary>The path on the wire: <c>/package.Service/Method</c>.</summary>
    string FullName { get; }
}

/// <summary>A method of a service with its request and response marshallers.</summary>
public class Method<TRequest, TResponse> : IMethod
{
    public Method(MethodType type, string serviceName, string name, Marshaller<TRequest> requestMarshaller, Marshaller<TResponse> responseMarshaller)
    {
        Type = type;
        ServiceName = serviceName ?? throw new ArgumentNullException(nameof(serviceName));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        RequestMarshaller = requestMarshaller ?? throw new ArgumentNullException(nameof(requestMarshaller));
        ResponseMarshaller = responseMarshaller ?? throw new ArgumentNullException(nameof(responseMarshaller));
        FullName = $"/{serviceName}/{name}";
    }

    public MethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    public string FullName { get; }

    public Marshaller<TRequest> RequestMarshaller { get; }

    public Marshaller<TResponse> ResponseMarshaller { get; }
}
