using Recommender.Hosting;
using Recommender.Interop;

// The interop server: `dotnet InteropServer.dll --Hosting:GrpcPort=50060`.
return RecommenderHost.Run(args, new ServiceIdentity("interop-server", DefaultGrpcPort: 50060, DefaultHttpPort: 9160), _ => { }, (grpc, _) =>
{
    grpc.MapGrpcService<TestServiceImpl>();
    grpc.MapGrpcService<XdsUpdateHealthServiceImpl>();
});
