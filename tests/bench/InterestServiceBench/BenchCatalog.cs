using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Recommender.Hosting;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestServiceBench;

/// <summary>A catalog for the benchmark: candidate-retrieval's GetItems answered from generated items.</summary>
internal sealed class BenchCatalog : Proto.CandidateRetrieval.CandidateRetrievalBase
{
    private readonly Dictionary<string, Proto.Item> items = new(StringComparer.Ordinal);

    public BenchCatalog(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var item = new Proto.Item { Id = ItemId(i), Title = $"Item {i}", CategoryPath = $"C{i % 8}/S{i % 40}/L{i % 200}" };
            item.Vector.AddRange(Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() - 0.5f));
            items[item.Id] = item;
        }
    }

    public static string ItemId(int index) => $"item-{index}";

    public override Task<Proto.GetItemsResponse> GetItems(Proto.GetItemsRequest request, ServerCallContext context)
    {
        var response = new Proto.GetItemsResponse();
        foreach (var id in request.Ids)
        {
            if (items.TryGetValue(id, out var item))
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

    public static async Task<(WebApplication App, string Address)> StartAsync(BenchCatalog catalog)
    {
        var port = FreePort();
        var builder = RecommenderHost.CreateBuilder([], new ServiceIdentity("bench-catalog", port, FreePort()));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapRecommenderDefaults().MapGrpcService(Proto.CandidateRetrieval.BindService(catalog));
        await app.StartAsync();
        return (app, $"http://127.0.0.1:{port}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
