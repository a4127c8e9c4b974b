using Grpc.Core;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>
/// The encoder down (nothing listens at its address): items that need embedding get UNAVAILABLE and nothing is applied,
/// items that carry vectors still upsert. An encoder that does not fit the catalog gets FAILED_PRECONDITION.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class EncoderFailureTests(EncoderHost encoder) : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    private static Proto.Item Text(string id) => Of(id, "Electronics/Audio", title: $"wireless speaker {id}");

    private static Proto.Item Vector(string id) => Of(id, "Electronics/Audio", Axis(100, id.Length % 100, 0.3f));

    [Fact]
    public async Task Encoder_down_means_unavailable_for_items_without_vectors_and_nothing_is_applied()
    {
        var deadAddress = $"http://127.0.0.1:{Ports.Free()}";
        await using var server = await RetrievalServer.StartAsync(data.Path, deadAddress, "CandidateRetrieval:EncoderTimeout=00:00:02");

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.UpsertItemsAsync(Upsert(Vector("v1"), Text("t1"), Vector("v2"))).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"the encoder at {deadAddress}", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).ItemCount);
        Assert.Equal(["v1", "t1", "v2"], (await server.Client.GetItemsAsync(Get(false, "v1", "t1", "v2"))).MissingIds);

        // Items that carry their vectors need no encoder.
        var response = await server.Client.UpsertItemsAsync(Upsert(Vector("v1"), Vector("v22")));
        Assert.Equal(2, response.Upserted);
        Assert.Equal(0, response.Embedded);

        // In a stream, the messages before the one that needs the encoder stay.
        using var call = server.Client.UpsertItemsStream();
        await call.RequestStream.WriteAsync(Upsert(Vector("v333")));
        await call.RequestStream.WriteAsync(Upsert(Text("t2")));
        await call.RequestStream.CompleteAsync();
        var streamError = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, streamError.StatusCode);
        Assert.Contains("stream message 2", streamError.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["v1", "v22", "v333"], (await ListAllAsync(server.Client)).Select(i => i.Id));
    }

    [Fact]
    public async Task A_model_the_encoder_does_not_serve_is_a_failed_precondition()
    {
        await using var server = await RetrievalServer.StartAsync(data.Path, encoder.Address, "CandidateRetrieval:EncoderModel=no-such-model");

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.UpsertItemsAsync(Upsert(Text("t1"))).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no-such-model", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("CandidateRetrieval:EncoderModel", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).ItemCount);
    }

    [Fact]
    public async Task A_model_of_another_dimension_than_the_catalog_is_a_failed_precondition()
    {
        await using var server = await RetrievalServer.StartAsync(data.Path, encoder.Address);
        await server.Client.UpsertItemsAsync(Upsert(Of("small", "A", Axis(8, 0))));

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.UpsertItemsAsync(Upsert(Text("t1"))).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("embeds items in 384 dimensions but the catalog's dimension is 8", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["small"], (await ListAllAsync(server.Client)).Select(i => i.Id));
    }

    [Fact]
    public async Task A_catalog_embedded_with_another_model_refuses_new_embeddings_until_it_is_re_embedded()
    {
        await using (var before = await RetrievalServer.StartAsync(data.Path, encoder.Address, $"CandidateRetrieval:EncoderModel={EncoderModels.Other}"))
        {
            await before.Client.UpsertItemsAsync(Upsert(Text("t1"), Text("t2")));
        }
        await using var server = await RetrievalServer.StartAsync(data.Path, encoder.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.UpsertItemsAsync(Upsert(Text("t3"))).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"the catalog holds 2 items embedded with model '{EncoderModels.Other}' but the encoder now embeds with '{EncoderModels.Default}'",
            error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["t1", "t2"], (await ListAllAsync(server.Client)).Select(i => i.Id));
        Assert.Equal(EncoderModels.Other, (await server.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).Model);

        // Re-embedding: once the old items are gone, the new model fills the catalog.
        await server.Client.DeleteItemsAsync(new Proto.DeleteItemsRequest { Ids = { "t1", "t2" } });
        var response = await server.Client.UpsertItemsAsync(Upsert(Text("t1"), Text("t2"), Text("t3")));
        Assert.Equal(3, response.Embedded);
        Assert.Equal(EncoderModels.Default, (await server.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest())).Model);
    }
}
