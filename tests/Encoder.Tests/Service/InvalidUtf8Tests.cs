using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>
/// Bytes that are not UTF-8 in a string field, sent as a hand-built frame (generated clients refuse
/// to send them). Decided behaviour: the protobuf runtime decodes each invalid sequence as U+FFFD,
/// which the tokenizers drop as BERT does, so the request is answered as if those bytes were absent.
/// </summary>
[Collection(EncoderServerCollection.Name)]
public sealed class InvalidUtf8Tests(EncoderServerFixture encoder)
{
    private static readonly byte[] TextWithInvalidBytes = [(byte)'b', (byte)'l', (byte)'u', (byte)'e', 0xFF, 0xFE, 0xC3, (byte)' ', (byte)'s', (byte)'k', (byte)'y', 0x80];

    [Fact]
    public async Task EncodeAnswersAsIfTheInvalidBytesWereAbsent()
    {
        using var raw = new RawGrpc(encoder.Server.GrpcPort);

        var (body, status, message) = await raw.PostAsync("/recsys.v1.Encoder/Encode", RawGrpc.Frame(RawGrpc.LengthDelimited(1, TextWithInvalidBytes)));

        Assert.True(status == "0", $"grpc-status {status}: {message}");
        var response = EncodeResponse.Parser.ParseFrom(body.AsSpan(5).ToArray());
        var clean = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "blue sky" } });
        Assert.Equal(clean.Embeddings[0].Values, response.Embeddings[0].Values);
        Assert.Equal(4, response.Embeddings[0].TokenCount);
    }

    [Fact]
    public async Task TokenizeShowsWhatTheModelSawOfThem()
    {
        using var raw = new RawGrpc(encoder.Server.GrpcPort);
        byte[] request = [.. RawGrpc.LengthDelimited(1, TextWithInvalidBytes), .. RawGrpc.LengthDelimited(2, "arctic-embed-xs"u8.ToArray())];

        var (body, status, message) = await raw.PostAsync("/recsys.v1.Encoder/Tokenize", RawGrpc.Frame(request));

        Assert.True(status == "0", $"grpc-status {status}: {message}");
        var response = TokenizeResponse.Parser.ParseFrom(body.AsSpan(5).ToArray());
        Assert.Equal(["[CLS]", "blue", "sky", "[SEP]"], response.Texts[0].Tokens);
    }
}
