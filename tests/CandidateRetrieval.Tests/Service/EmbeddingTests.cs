using System.Numerics.Tensors;
using Recommender.CandidateRetrieval.Embedding;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;
using Proto = Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>Items without a vector are embedded by the real encoder (all-minilm-l6-v2), from the documented text composition.</summary>
[Collection(ServiceCollection.Name)]
public sealed class EmbeddingTests(EncoderHost encoder) : IAsyncLifetime
{
    private static readonly Proto.Item[] Catalog =
    [
        Of("headphones", "Electronics/Audio/Headphones", title: "Wireless bluetooth headphones", tags: ["wireless", "audio"],
            description: "Over-ear headphones with noise cancelling and thirty hours of battery."),
        Of("knife", "Home/Kitchen/Knives", title: "Stainless steel chef knife", tags: ["cooking"]),
        Of("tea", "Grocery/Beverages/Tea", title: "Organic green tea", tags: ["drink"]),
        Of("shoes", "Sports/Running/Shoes", title: "Trail running shoes", tags: ["outdoor"]),
        Of("novel", "Books/Fiction/Mystery", title: "Hardcover mystery novel", tags: ["detective"]),
        Of("pot", "Garden/Planters", title: "Ceramic flower pot", tags: ["plants"]),
        Of("drill", "Tools/Power/Drills", title: "Cordless power drill", tags: ["diy"]),
        Of("tent", "Sports/Camping/Tents", title: "Four person camping tent", tags: ["outdoor"]),
    ];

    private readonly TempDirectory data = new();
    private RetrievalServer server = null!;

    public async Task InitializeAsync() => server = await RetrievalServer.StartAsync(data.Path, encoder.Address);

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Items_without_vectors_are_embedded_and_retrieved_by_meaning()
    {
        var response = await server.Client.UpsertItemsAsync(Upsert(Catalog));
        Assert.Equal(Catalog.Length, response.Embedded);
        var stats = await server.Client.GetCatalogStatsAsync(new Proto.GetCatalogStatsRequest());
        Assert.Equal((384, EncoderModels.Default), (stats.Dimension, stats.Model));

        // None of these words appears in the catalog; the model places them near the headphones.
        foreach (var word in new[] { "earphones", "headset", "earbuds" })
        {
            var found = await server.Client.RetrieveAsync(Retrieve(1, Query("audio", await encoder.EmbedAsync(word))));
            Assert.Equal("headphones", Assert.Single(found.Candidates).Item.Id);
        }

        var tea = await server.Client.RetrieveAsync(Retrieve(1, Query("drinks", await encoder.EmbedAsync("coffee"))));
        Assert.Equal("tea", tea.Candidates[0].Item.Id);
        var camping = await server.Client.RetrieveAsync(Retrieve(2, Query("outdoors", await encoder.EmbedAsync("hiking"))));
        Assert.Equal(["shoes", "tent"], camping.Candidates.Select(c => c.Item.Id).Order());
    }

    [Fact]
    public async Task The_stored_vector_is_the_encoders_embedding_of_the_documented_text()
    {
        await server.Client.UpsertItemsAsync(Upsert(Catalog[0]));
        var text = ItemText.Compose(Catalog[0], descriptionCharacters: 200);
        Assert.Equal("Wireless bluetooth headphones. Electronics > Audio > Headphones. wireless, audio. " +
            "Over-ear headphones with noise cancelling and thirty hours of battery.", text);

        var stored = (await server.Client.GetItemsAsync(Get(true, "headphones"))).Items[0].Vector.ToArray();
        var expected = await encoder.EmbedAsync(text);
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(stored, expected), 4);
    }

    [Fact]
    public async Task A_batch_mixes_items_with_vectors_and_items_the_encoder_embeds()
    {
        var given = await encoder.EmbedAsync("bluetooth speaker");
        var response = await server.Client.UpsertItemsAsync(Upsert(
            Of("speaker", "Electronics/Audio/Speakers", given, "Portable speaker"),
            Catalog[1], Catalog[2]));

        Assert.Equal(3, response.Upserted);
        Assert.Equal(2, response.Embedded);
        var speaker = (await server.Client.GetItemsAsync(Get(true, "speaker"))).Items[0];
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(speaker.Vector.ToArray(), given), 5);
    }

    [Fact]
    public async Task Each_item_says_which_model_embedded_it()
    {
        var given = await encoder.EmbedAsync("bluetooth speaker");
        await server.Client.UpsertItemsAsync(Upsert(Of("speaker", "Electronics/Audio/Speakers", given, "Portable speaker"), Catalog[1]));

        var items = (await server.Client.GetItemsAsync(Get(false, "speaker", "knife"))).Items;

        Assert.Equal(["", EncoderModels.Default], items.Select(i => i.EmbeddingModel));
    }

    [Fact]
    public async Task More_items_than_one_encoder_call_takes_are_embedded_in_several_calls()
    {
        var words = new[] { "red", "green", "blue", "yellow", "purple", "orange", "black", "white" };
        var items = Enumerable.Range(0, 40).Select(i => Of($"shirt{i}", "Clothing/Shirts", title: $"{words[i % words.Length]} cotton shirt size {i}")).ToArray();
        await using var smallCalls = await RetrievalServer.StartAsync(data.Path + "-small-calls", encoder.Address, "CandidateRetrieval:EncoderBatchSize=16");

        var response = await smallCalls.Client.UpsertItemsAsync(Upsert(items));

        Assert.Equal(40, response.Embedded);
        var blue = await smallCalls.Client.RetrieveAsync(Retrieve(5, Query("blue", await encoder.EmbedAsync("blue cotton shirt"))));
        Assert.All(blue.Candidates, c => Assert.Contains("blue", c.Item.Title, StringComparison.Ordinal));
    }
}
