// interest-model: events in, a calibrated hierarchical interest distribution out (README.md).
using Recommender.Hosting;
using Recommender.InterestModel.Service;

return RecommenderHost.Run(args, InterestModelHosting.Identity, builder => builder.AddInterestModel(), (grpc, _) => grpc.MapInterestModel());
