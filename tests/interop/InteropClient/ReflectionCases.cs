using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Net.Client;
using Grpc.Reflection.V1;
using static Recommender.Interop.Client.InteropCases;

namespace Recommender.Interop.Client;

/// <summary>
/// Server reflection v1 and v1alpha: list services, files by symbol and by name with every
/// transitive import, and the files must build a complete descriptor set. v1alpha has the same
/// messages on the wire, so its exchange converts through bytes and one case body serves both.
/// </summary>
internal static class ReflectionCases
{
    public static async Task V1(GrpcChannel channel)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await Run(async request =>
        {
            await call.RequestStream.WriteAsync(request);
            Expect(await call.ResponseStream.MoveNext(CancellationToken.None), "the reflection stream ended early");
            return call.ResponseStream.Current;
        }, "grpc.reflection.v1.ServerReflection");
        await call.RequestStream.CompleteAsync();
        Expect(!await call.ResponseStream.MoveNext(CancellationToken.None), "the reflection stream did not end after half-close");
    }

    public static async Task V1Alpha(GrpcChannel channel)
    {
        using var call = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await Run(async request =>
        {
            await call.RequestStream.WriteAsync(Grpc.Reflection.V1Alpha.ServerReflectionRequest.Parser.ParseFrom(request.ToByteString()));
            Expect(await call.ResponseStream.MoveNext(CancellationToken.None), "the reflection stream ended early");
            return ServerReflectionResponse.Parser.ParseFrom(call.ResponseStream.Current.ToByteString());
        }, "grpc.reflection.v1alpha.ServerReflection");
        await call.RequestStream.CompleteAsync();
        Expect(!await call.ResponseStream.MoveNext(CancellationToken.None), "the reflection stream did not end after half-close");
    }

    private static async Task Run(Func<ServerReflectionRequest, Task<ServerReflectionResponse>> ask, string reflectionService)
    {
        var services = (await ask(new ServerReflectionRequest { ListServices = "" })).ListServicesResponse.Service.Select(s => s.Name).ToList();
        foreach (var expected in new[] { "grpc.testing.TestService", "grpc.health.v1.Health", reflectionService })
        {
            Expect(services.Contains(expected), $"list_services lacks {expected}: {string.Join(", ", services)}");
        }
        Expect(!services.Contains("grpc.testing.UnimplementedService"), "list_services names UnimplementedService, which is not served");

        var files = new Dictionary<string, FileDescriptorProto>();
        var bySymbol = await FilesAsync(ask, new ServerReflectionRequest { FileContainingSymbol = "grpc.testing.TestService" }, "grpc/testing/test.proto");
        foreach (var file in bySymbol)
        {
            files[file.Name] = file;
        }
        var pending = new Queue<string>(files["grpc/testing/test.proto"].Dependency.Prepend("grpc/testing/test.proto"));
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            var byName = await FilesAsync(ask, new ServerReflectionRequest { FileByFilename = name }, name);
            foreach (var file in byName.Where(f => files.TryAdd(f.Name, f)))
            {
                foreach (var dependency in file.Dependency)
                {
                    pending.Enqueue(dependency);
                }
            }
            foreach (var dependency in byName[0].Dependency.Where(d => !files.ContainsKey(d)))
            {
                pending.Enqueue(dependency);
            }
        }

        var built = BuildInDependencyOrder(files);
        var testService = built.SelectMany(f => f.Services).SingleOrDefault(s => s.FullName == "grpc.testing.TestService")
            ?? throw new CaseFailedException("the returned files do not describe grpc.testing.TestService");
        foreach (var method in new[] { "EmptyCall", "UnaryCall", "StreamingOutputCall", "StreamingInputCall", "FullDuplexCall", "HalfDuplexCall" })
        {
            var descriptor = testService.FindMethodByName(method) ?? throw new CaseFailedException($"TestService.{method} is missing");
            Expect(descriptor.InputType is not null && descriptor.OutputType is not null, $"{method} has unresolved message types");
        }

        foreach (var symbol in new[] { "grpc.testing.SimpleRequest", "grpc.testing.TestService.UnaryCall", "grpc.health.v1.Health", reflectionService })
        {
            var answer = await ask(new ServerReflectionRequest { FileContainingSymbol = symbol });
            Expect(answer.FileDescriptorResponse?.FileDescriptorProto.Count > 0, $"file_containing_symbol {symbol} returned no file");
        }
        foreach (var unknown in new[] { new ServerReflectionRequest { FileContainingSymbol = "grpc.testing.NoSuchSymbol" }, new ServerReflectionRequest { FileByFilename = "no/such/file.proto" } })
        {
            var answer = await ask(unknown);
            Expect(answer.ErrorResponse?.ErrorCode == 5, $"an unknown {unknown.MessageRequestCase} answered {answer.MessageResponseCase}, expected error_response NOT_FOUND");
        }
    }

    private static async Task<List<FileDescriptorProto>> FilesAsync(Func<ServerReflectionRequest, Task<ServerReflectionResponse>> ask, ServerReflectionRequest request, string expectedFirst)
    {
        var answer = await ask(request);
        Expect(answer.MessageResponseCase == ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse,
            $"{request.MessageRequestCase} {expectedFirst}: {answer.ErrorResponse?.ErrorMessage ?? answer.MessageResponseCase.ToString()}");
        var files = answer.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        Expect(files.Count > 0 && files[0].Name == expectedFirst, $"the first file returned is {files.FirstOrDefault()?.Name}, expected {expectedFirst}");
        return files;
    }

    /// <summary>Builds the files into descriptors, each after its dependencies; fails if any is missing.</summary>
    private static IReadOnlyList<FileDescriptor> BuildInDependencyOrder(Dictionary<string, FileDescriptorProto> files)
    {
        var ordered = new List<FileDescriptorProto>();
        var visited = new HashSet<string>();
        void Visit(string name)
        {
            if (!visited.Add(name))
            {
                return;
            }
            var file = files.GetValueOrDefault(name) ?? throw new CaseFailedException($"import {name} was never returned");
            foreach (var dependency in file.Dependency)
            {
                Visit(dependency);
            }
            ordered.Add(file);
        }
        foreach (var name in files.Keys.ToList())
        {
            Visit(name);
        }
        try
        {
            return FileDescriptor.BuildFromByteStrings(ordered.Select(f => f.ToByteString()).ToList());
        }
        catch (Exception ex) when (ex is DescriptorValidationException or ArgumentException or InvalidOperationException)
        {
            throw new CaseFailedException($"the returned files do not build a descriptor set: {ex.Message}");
        }
    }
}
