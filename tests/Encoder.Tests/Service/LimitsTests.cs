using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>Requests beyond the limits: INVALID_ARGUMENT naming the field and the limit, at once.</summary>
[Collection(EncoderServerCollection.Name)]
public sealed class LimitsTests(EncoderServerFixture encoder)
{
    [Fact]
    public async Task AnEmptyListIsRefused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => encoder.Client.EncodeAsync(new EncodeRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("texts: the list is empty", error.Status.Detail);
    }

    [Fact]
    public async Task TenThousandTextsAreRefusedNamingTheLimit()
    {
        var request = new EncodeRequest { Texts = { Enumerable.Range(0, 10_000).Select(i => $"text {i}") } };

        var error = await Assert.ThrowsAsync<RpcException>(() => encoder.Client.EncodeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("texts: 10000 texts, more than the limit of 256", error.Status.Detail);
        Assert.Contains("Encoder:Limits:MaxTextsPerRequest", error.Status.Detail);
    }

    [Fact]
    public async Task AHundredThousandCharacterTextIsRefusedNamingTheLimit()
    {
        var request = new EncodeRequest { Texts = { "fine", new string('a', 100_000) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => encoder.Client.EncodeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("texts[1]: 100000 characters, more than the limit of 16384", error.Status.Detail);
        Assert.Contains("Encoder:Limits:MaxCharactersPerText", error.Status.Detail);
    }

    [Fact]
    public async Task TextsAtTheLimitsAreServed()
    {
        var text = string.Concat(Enumerable.Repeat("shoe ", 16_384 / 5)).PadRight(16_384, 'x');
        var request = new EncodeRequest { Texts = { Enumerable.Range(0, 256).Select(i => i + text[..^8]) } };

        var response = await encoder.Client.EncodeAsync(request);

        Assert.Equal(256, response.Embeddings.Count);
        Assert.All(response.Embeddings, e => Assert.True(e.Truncated));
    }

    [Fact]
    public async Task AnUnknownModelIsRefusedListingTheServedOnes()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "x" }, Model = "bert-huge" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("model: unknown model 'bert-huge'", error.Status.Detail);
        Assert.Contains(ModelNames.MiniLm, error.Status.Detail);
    }

    [Fact]
    public async Task TokenizeHasTheSameLimits()
    {
        var tooMany = await Assert.ThrowsAsync<RpcException>(() =>
            encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { Enumerable.Repeat("a", 257) } }).ResponseAsync);
        var tooLong = await Assert.ThrowsAsync<RpcException>(() =>
            encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { new string('b', 16_385) } }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "b" }, Model = "nope" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("257 texts", tooMany.Status.Detail);
        Assert.Contains("texts[0]: 16385 characters", tooLong.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
    }
}
