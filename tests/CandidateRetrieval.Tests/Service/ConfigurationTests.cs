using System.Net.Http;
using Recommender.CandidateRetrieval.Service;
using Recommender.CandidateRetrieval.Tests.Service.Infrastructure;
using Xunit;
using static Recommender.CandidateRetrieval.Tests.Service.Infrastructure.Items;

namespace Recommender.CandidateRetrieval.Tests.Service;

/// <summary>Settings are validated at start (the message names the setting); metrics and readiness are exposed.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ConfigurationTests(EncoderHost encoder) : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Theory]
    [InlineData("CandidateRetrieval:EncoderBatchSize=300", "EncoderBatchSize must be between 1 and 256")]
    [InlineData("CandidateRetrieval:EncoderAddress=localhost:50051", "EncoderAddress must be an http:// or https:// address")]
    [InlineData("CandidateRetrieval:EncoderTimeout=00:00:00", "EncoderTimeout must be positive")]
    [InlineData("CandidateRetrieval:EmbedDescriptionCharacters=-1", "EmbedDescriptionCharacters must be between 0 and 16384")]
    [InlineData("CandidateRetrieval:Index:M=1", "Index:M must be between 2 and 128")]
    [InlineData("CandidateRetrieval:Index:EfSearch=5000", "Index:EfSearch (5000) must not exceed Limits:MaxEfSearch (4096)")]
    [InlineData("CandidateRetrieval:Limits:MaxK=0", "Limits:MaxK must be between 1 and 100000")]
    [InlineData("CandidateRetrieval:Limits:DefaultPageSize=2000", "Limits:DefaultPageSize must be between 1 and 1000")]
    [InlineData("CandidateRetrieval:Storage:SnapshotsToKeep=0", "SnapshotsToKeep must be between 1 and 1000")]
    [InlineData("CandidateRetrieval:Index:Dimension=100", "Dimension")]
    [InlineData("CandidateRetrieval:NoSuchSetting=1", "NoSuchSetting")]
    [InlineData("CandidateRetrieval:Limits:MaxK=lots", "MaxK")]
    public void An_invalid_setting_stops_the_start_naming_it(string setting, string message)
    {
        var builder = CandidateRetrievalHosting.CreateBuilder(["--" + setting]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddCandidateRetrieval());

        Assert.Contains("section 'CandidateRetrieval'", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_and_metrics_describe_the_catalog()
    {
        await using var server = await RetrievalServer.StartAsync(data.Path, encoder.Address);
        await server.Client.UpsertItemsAsync(Upsert(Of("a", "A/B", title: "red lamp"), Of("b", "A/C", Axis(384, 1))));
        await server.Client.RetrieveAsync(Retrieve(2, Query("q", Axis(384, 1))));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var ready = await http.GetAsync("/readyz");
        Assert.True(ready.IsSuccessStatusCode);
        Assert.Contains("catalog recovered", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await http.GetStringAsync("/metrics");
        // OpenTelemetry's exporter adds otel_scope_name (the meter) to every series.
        Assert.Matches("candidate_retrieval_items\\{otel_scope_name=\"[^\"]+\"\\} 2\n", metrics);
        Assert.Matches("candidate_retrieval_categories\\{otel_scope_name=\"[^\"]+\"\\} 3\n", metrics);
        Assert.Matches("candidate_retrieval_items_upserted[^\\n]*vector=\"encoder\"[^\\n]* 1", metrics);
        Assert.Matches("candidate_retrieval_items_upserted[^\\n]*vector=\"request\"[^\\n]* 1", metrics);
        Assert.Contains("candidate_retrieval_retrieve_duration", metrics, StringComparison.Ordinal);
        Assert.Matches("candidate_retrieval_encoder_calls[^\\n]*outcome=\"ok\"[^\\n]* 1", metrics);
    }
}
