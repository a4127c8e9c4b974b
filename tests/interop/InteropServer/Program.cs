using Recommender.Hosting;
using Recommender.Interop;

// The interop server: `dotnet InteropServer.dll --Hosting:GrpcPort=50060`.
var builder = RecommenderHost.CreateBuilder(args, new ServiceIdentity("interop-server", DefaultGrpcPort: 50060, DefaultHttpPort: 9160));
var app = builder.Build();
var grpc = app.MapRecommenderDefaults();
grpc.MapGrpcService<TestServiceImpl>();
grpc.MapGrpcService<XdsUpdateHealthServiceImpl>();
app.Run();
