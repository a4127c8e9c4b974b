using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using Recommender.Rpc.Server;

namespace Recommender.Hosting.Reflection;

/// <summary>
/// Answers server reflection requests (grpc.reflection.v1) from the descriptors of the services
/// this server serves: service list, files by name, files by symbol, each with its transitive
/// dependencies so a client can build a complete descriptor pool.
/// </summary>
public sealed class ReflectionIndex(GrpcServiceRegistry registry)
{
    private readonly object _gate = new();
    private int _indexedServiceCount = -1;
    private Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private Dictionary<string, FileDescriptor> _filesBySymbol = new(StringComparer.Ordinal);

    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse();
                response.ListServicesResponse.Service.AddRange(registry.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                Refresh();
                response = _filesByName.TryGetValue(request.FileByFilename, out var byName)
                    ? WithFiles(response, byName)
                    : WithError(response, $"File not found: {request.FileByFilename}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                Refresh();
                response = _filesBySymbol.TryGetValue(request.FileContainingSymbol, out var bySymbol)
                    ? WithFiles(response, bySymbol)
                    : WithError(response, $"Symbol not found: {request.FileContainingSymbol}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                response = WithError(response, $"Extension {request.FileContainingExtension.ContainingType}#{request.FileContainingExtension.ExtensionNumber} not found: this server defines no extensions.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                Refresh();
                if (_filesBySymbol.ContainsKey(request.AllExtensionNumbersOfType))
                {
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                }
                else
                {
                    response = WithError(response, $"Type not found: {request.AllExtensionNumbersOfType}");
                }
                break;
            default:
                response.ErrorResponse = new ErrorResponse { ErrorCode = (int)Grpc.Core.StatusCode.InvalidArgument, ErrorMessage = "Empty reflection request." };
                break;
        }
        return response;
    }

    private static ServerReflectionResponse WithFiles(ServerReflectionResponse response, FileDescriptor file)
    {
        var files = new FileDescriptorResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<FileDescriptor>();
        pending.Push(file);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current.Name))
            {
                continue;
            }
            files.FileDescriptorProto.Add(current.SerializedData);
            foreach (var dependency in current.Dependencies)
            {
                pending.Push(dependency);
            }
        }
        response.FileDescriptorResponse = files;
        return response;
    }

    private static ServerReflectionResponse WithError(ServerReflectionResponse response, string message)
    {
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)Grpc.Core.StatusCode.NotFound, ErrorMessage = message };
        return response;
    }

    /// <summary>Re-indexes when services were added since the last request.</summary>
    private void Refresh()
    {
        var descriptors = registry.Descriptors;
        lock (_gate)
        {
            if (descriptors.Count == _indexedServiceCount)
            {
                return;
            }
            var byName = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
            var bySymbol = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
            var pending = new Stack<FileDescriptor>(descriptors.Select(d => d.File));
            while (pending.Count > 0)
            {
                var file = pending.Pop();
                if (!byName.TryAdd(file.Name, file))
                {
                    continue;
                }
                IndexSymbols(file, bySymbol);
                foreach (var dependency in file.Dependencies)
                {
                    pending.Push(dependency);
                }
            }
            _filesByName = byName;
            _filesBySymbol = bySymbol;
            _indexedServiceCount = descriptors.Count;
        }
    }

    private static void IndexSymbols(FileDescriptor file, Dictionary<string, FileDescriptor> bySymbol)
    {
        foreach (var service in file.Services)
        {
            bySymbol.TryAdd(service.FullName, file);
            foreach (var method in service.Methods)
            {
                bySymbol.TryAdd(method.FullName, file);
            }
        }
        foreach (var message in file.MessageTypes)
        {
            IndexMessage(message, file, bySymbol);
        }
        foreach (var enumType in file.EnumTypes)
        {
            bySymbol.TryAdd(enumType.FullName, file);
        }
    }

    private static void IndexMessage(MessageDescriptor message, FileDescriptor file, Dictionary<string, FileDescriptor> bySymbol)
    {
        bySymbol.TryAdd(message.FullName, file);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            bySymbol.TryAdd(field.FullName, file);
        }
        foreach (var nested in message.NestedTypes)
        {
            IndexMessage(nested, file, bySymbol);
        }
        foreach (var nestedEnum in message.EnumTypes)
        {
            bySymbol.TryAdd(nestedEnum.FullName, file);
        }
    }
}

/// <summary>grpc.reflection.v1.ServerReflection.</summary>
public sealed class ReflectionServiceV1(ReflectionIndex index) : ServerReflection.ServerReflectionBase
{
    public override async Task ServerReflectionInfo(Grpc.Core.IAsyncStreamReader<ServerReflectionRequest> requestStream,
        Grpc.Core.IServerStreamWriter<ServerReflectionResponse> responseStream, Grpc.Core.ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(index.Answer(requestStream.Current)).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection: the same messages on the wire as v1, so requests and
/// answers are converted through their bytes and one index serves both.
/// </summary>
public sealed class ReflectionServiceV1Alpha(ReflectionIndex index) : Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionBase
{
    public override async Task ServerReflectionInfo(Grpc.Core.IAsyncStreamReader<Grpc.Reflection.V1Alpha.ServerReflectionRequest> requestStream,
        Grpc.Core.IServerStreamWriter<Grpc.Reflection.V1Alpha.ServerReflectionResponse> responseStream, Grpc.Core.ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteString());
            var answer = index.Answer(request);
            await responseStream.WriteAsync(Grpc.Reflection.V1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString())).ConfigureAwait(false);
        }
    }
}
