// interest-model: events in, a calibrated hierarchical interest distribution out (README.md).
using Microsoft.AspNetCore.Builder;
using Recommender.Hosting;
using Recommender.InterestModel.Service;

WebApplicationBuilder builder;
try
{
    builder = RecommenderHost.CreateBuilder(args, InterestModelHosting.Identity);
    builder.AddInterestModel();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var app = builder.Build();
app.MapRecommenderDefaults().MapInterestModel();
app.Run();
return Environment.ExitCode;
