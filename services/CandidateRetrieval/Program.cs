// candidate-retrieval: the catalog, its HNSW index and multi-interest retrieval (README.md).
using Microsoft.AspNetCore.Builder;
using Recommender.Hosting;
using Recommender.CandidateRetrieval.Service;

WebApplicationBuilder builder;
try
{
    builder = CandidateRetrievalHosting.CreateBuilder(args);
    builder.AddCandidateRetrieval();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var app = builder.Build();
app.MapRecommenderDefaults().MapCandidateRetrieval();
app.Run();
return Environment.ExitCode;
