using Grpc.Health.V1;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>Tokenize shows what the model sees; ListModels what is served; health after warm-up.</summary>
[Collection(EncoderServerCollection.Name)]
public sealed class TokenizeAndListModelsTests(EncoderServerFixture encoder)
{
    [MiniLmFact]
    public async Task TokenizeShowsIdsAndTokensWithSpecialTokens()
    {
        var response = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "Hello, World! unaffable" }, Model = "minilm-l6-shape" });

        var text = response.Texts[0];
        Assert.Equal("minilm-l6-shape", response.Model);
        Assert.Equal(["[CLS]", "hello", ",", "world", "!", "una", "##ffa", "##ble", "[SEP]"], text.Tokens);
        Assert.Equal(101, text.Ids[0]);
        Assert.Equal(102, text.Ids[^1]);
        Assert.Equal(text.Tokens.Count, text.Ids.Count);
        Assert.False(text.Truncated);
    }

    [Fact]
    public async Task TokenizeWithTheDefaultModelShowsUnknownWords()
    {
        var response = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "Garden hose qwzxv" } });

        Assert.Equal("glove-100d", response.Model);
        Assert.Equal(["garden", "hose", "[UNK]"], response.Texts[0].Tokens);
    }

    [Fact]
    public async Task ListModelsDescribesEveryServedModel()
    {
        var response = await encoder.Client.ListModelsAsync(new ListModelsRequest());

        var glove = Assert.Single(response.Models, m => m.Name == "glove-100d");
        Assert.Equal(100, glove.Dimension);
        Assert.Equal(256, glove.MaxLength);
        Assert.Equal("cpu", glove.Provider);
        Assert.Equal("word", glove.Tokenizer);
        Assert.Equal("none", glove.Pooling);
        Assert.True(glove.Normalized);
        Assert.True(glove.IsDefault);
        if (BuiltModels.HasMiniLm)
        {
            var minilm = Assert.Single(response.Models, m => m.Name == "minilm-l6-shape");
            Assert.Equal((384, 256, "wordpiece", "mean", false), (minilm.Dimension, minilm.MaxLength, minilm.Tokenizer, minilm.Pooling, minilm.IsDefault));
        }
    }

    [Fact]
    public async Task HealthIsServingOnceTheModelsAreWarm()
    {
        var health = new Health.HealthClient(encoder.Server.Channel);

        var all = await health.CheckAsync(new HealthCheckRequest());
        var encoderService = await health.CheckAsync(new HealthCheckRequest { Service = "recsys.v1.Encoder" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, all.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, encoderService.Status);
        Assert.Contains("glove-100d (100-d, default)", encoder.Server.Readiness.Conditions["encoder models"].Detail);
    }
}
