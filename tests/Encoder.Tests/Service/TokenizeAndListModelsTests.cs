using Grpc.Health.V1;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>Tokenize shows what the model sees; ListModels what is served; health after warm-up.</summary>
[Collection(EncoderServerCollection.Name)]
public sealed class TokenizeAndListModelsTests(EncoderServerFixture encoder)
{
    [Fact]
    public async Task TokenizeShowsIdsTokensAndOffsetsWithSpecialTokens()
    {
        var response = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "Hello, World! unaffable" } });

        var text = response.Texts[0];
        Assert.Equal(ModelNames.MiniLm, response.Model);
        Assert.Equal(["[CLS]", "hello", ",", "world", "!", "una", "##ffa", "##ble", "[SEP]"], text.Tokens);
        Assert.Equal([101, 7592, 1010, 2088, 999, 14477, 20961, 3468, 102], text.Ids);
        Assert.Equal("hello, world! unaffable", text.NormalizedText);
        Assert.Equal([0, 0, 0, 5, 5, 6, 7, 12, 12, 13, 14, 17, 17, 20, 20, 23, 23, 23], text.Offsets);
        Assert.False(text.Truncated);
    }

    [Fact]
    public async Task ListModelsDescribesEveryServedModel()
    {
        var response = await encoder.Client.ListModelsAsync(new ListModelsRequest());

        var minilm = Assert.Single(response.Models, m => m.Name == ModelNames.MiniLm);
        Assert.Equal((384, 256, "cpu", "wordpiece", "mean", true, true, ""),
            (minilm.Dimension, minilm.MaxLength, minilm.Provider, minilm.Tokenizer, minilm.Pooling, minilm.Normalized, minilm.IsDefault, minilm.QueryPrefix));
        var arctic = Assert.Single(response.Models, m => m.Name == ModelNames.Arctic);
        Assert.Equal((384, 512, "cpu", "wordpiece", "cls", true, false, "Represent this sentence for searching relevant passages: "),
            (arctic.Dimension, arctic.MaxLength, arctic.Provider, arctic.Tokenizer, arctic.Pooling, arctic.Normalized, arctic.IsDefault, arctic.QueryPrefix));
    }

    [Fact]
    public async Task HealthIsServingOnceTheModelsAreWarm()
    {
        var health = new Health.HealthClient(encoder.Server.Channel);

        var all = await health.CheckAsync(new HealthCheckRequest());
        var encoderService = await health.CheckAsync(new HealthCheckRequest { Service = "recsys.v1.Encoder" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, all.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, encoderService.Status);
        Assert.Contains($"{ModelNames.MiniLm} (384-d, default)", encoder.Server.Readiness.Conditions["encoder models"].Detail);
    }

    [Fact]
    public async Task MetricsShowOneFamilyPerBatcherInstrumentWithASeriesPerModel()
    {
        await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "metrics please" } });
        using var http = new HttpClient();

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{encoder.Server.HttpPort}/metrics");

        Assert.Single(metrics.Split('\n'), line => line == "# TYPE encoder_batcher_batch_size histogram");
        // OpenTelemetry's exporter adds otel_scope_name (the meter) to every series.
        Assert.Matches("encoder_batcher_batch_size_count\\{otel_scope_name=\"Recommender.Encoder\",model=\"all-minilm-l6-v2\"\\}", metrics);
        Assert.Matches("encoder_texts_total\\{otel_scope_name=\"Recommender.Encoder\",model=\"all-minilm-l6-v2\",rpc=\"encode\"\\}", metrics);
    }
}
