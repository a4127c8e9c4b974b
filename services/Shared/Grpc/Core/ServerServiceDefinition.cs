namespace Grpc.Core;

/// <summary>A service's methods with their handlers, as built by a generated <c>BindService(impl)</c>.</summary>
public class ServerServiceDefinition
{
    private readonly IReadOnlyList<Action<ServiceBinderBase>> _addMethodActions;

    private ServerServiceDefinition(IReadOnlyList<Action<ServiceBinderBase>> addMethodActions)
    {
        _addMethodActions = addMethodActions;
    }

    /// <summary>Replays every method into a binder.</summary>
    internal void BindService(ServiceBinderBase serviceBinder)
    {
        foreach (var add in _addMethodActions)
        {
            add(serviceBinder);
        }
    }

    public static Builder CreateBuilder() => new();

    public sealed class Builder
    {
        private readonly Dictionary<string, Action<ServiceBinderBase>> _methods = new();

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Add(method, binder => binder.AddMethod(method, handler));

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Add(method, binder => binder.AddMethod(method, handler));

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Add(method, binder => binder.AddMethod(method, handler));

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class where TResponse : class => Add(method, binder => binder.AddMethod(method, handler));

        public ServerServiceDefinition Build() => new(_methods.Values.ToList());

        private Builder Add(IMethod method, Action<ServiceBinderBase> add)
        {
            if (!_methods.TryAdd(method.FullName, add))
            {
                throw new ArgumentException($"Method {method.FullName} is already registered.", nameof(method));
            }
            return this;
        }
    }
}
