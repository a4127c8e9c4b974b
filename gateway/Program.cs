using Recommender.Gateway;
using Recommender.Hosting;

return RecommenderHost.Run(args, GatewayHosting.Identity, builder => builder.AddGateway(), (grpc, app) => app.MapGateway(grpc));
