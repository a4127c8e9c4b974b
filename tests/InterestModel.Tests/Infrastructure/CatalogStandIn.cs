using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Recommender.Hosting;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests.Infrastructure;

/// <summary>
/// STAND-IN FOR THE CATALOG: a real gRPC server on loopback implementing only candidate-retrieval's
/// <c>CandidateRetrieval.GetItems</c>, from a dictionary the test fills. Replace it with the real candidate-retrieval
/// service once that is merged (the interest model only calls GetItems). Counts the calls it answers.
/// </summary>
public sealed class CatalogStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly StandInService service;

    private CatalogStandIn(WebApplication app, StandInService service, int grpcPort)
    {
        this.app = app;
        this.service = service;
        GrpcPort = grpcPort;
    }

    public int GrpcPort { get; }

    public string Address => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>GetItems calls answered so far.</summary>
    public int Calls => service.Calls;

    /// <summary>Starts the stand-in on <paramref name="grpcPort"/> (a free port when null).</summary>
    public static async Task<CatalogStandIn> StartAsync(int? grpcPort = null)
    {
        var port = grpcPort ?? Ports.Free();
        var builder = RecommenderHost.CreateBuilder([], new ServiceIdentity("catalog-stand-in", port, Ports.Free()));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var service = new StandInService();
        var app = builder.Build();
        app.MapRecommenderDefaults().MapGrpcService(Proto.CandidateRetrieval.BindService(service));
        await app.StartAsync();
        return new CatalogStandIn(app, service, port);
    }

    /// <summary>Adds or replaces an item.</summary>
    public void Put(string id, string title, string categoryPath, params float[] vector)
    {
        var item = new Proto.Item { Id = id, Title = title, CategoryPath = categoryPath };
        item.Vector.AddRange(vector);
        service.Items[id] = item;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class StandInService : Proto.CandidateRetrieval.CandidateRetrievalBase
    {
        private int calls;

        public ConcurrentDictionary<string, Proto.Item> Items { get; } = new(StringComparer.Ordinal);

        public int Calls => Volatile.Read(ref calls);

        public override Task<Proto.GetItemsResponse> GetItems(Proto.GetItemsRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref calls);
            if (request.Ids.Count is 0 or > 1000)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "ids: 1 to 1,000 ids"));
            }
            var response = new Proto.GetItemsResponse();
            foreach (var id in request.Ids)
            {
                if (Items.TryGetValue(id, out var item))
                {
                    var copy = item.Clone();
                    if (!request.IncludeVectors)
                    {
                        copy.Vector.Clear();
                    }
                    response.Items.Add(copy);
                }
                else
                {
                    response.MissingIds.Add(id);
                }
            }
            return Task.FromResult(response);
        }
    }
}
