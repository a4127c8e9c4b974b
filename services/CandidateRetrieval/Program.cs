// candidate-retrieval: the catalog, its HNSW index and multi-interest retrieval (README.md).
using Recommender.CandidateRetrieval.Service;
using Recommender.Hosting;

return RecommenderHost.Run(args, CandidateRetrievalHosting.Identity, builder => builder.AddCandidateRetrieval(), (grpc, _) => grpc.MapCandidateRetrieval());
