using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>
/// Bytes that are not UTF-8 in a string field, sent as a hand-built frame (generated clients refuse
/// to send them). Behaviour since Google.Protobuf 3.36 (which Grpc.AspNetCore 2.85 requires): the
/// message does not parse, so Grpc.AspNetCore refuses the call before the encoder sees it (UNKNOWN,
/// the cause in the log), and the encoder keeps serving.
/// </summary>
[Collection(EncoderServerCollection.Name)]
public sealed class InvalidUtf8Tests(EncoderServerFixture encoder)
{
    private static readonly byte[] TextWithInvalidBytes = [(byte)'b', (byte)'l', (byte)'u', (byte)'e', 0xFF, 0xFE, 0xC3, (byte)' ', (byte)'s', (byte)'k', (byte)'y', 0x80];

    [Fact]
    public async Task EncodeRefusesTheMessageAndKeepsServing()
    {
        using var raw = new RawGrpc(encoder.Server.GrpcPort);

        var (_, status, message) = await raw.PostAsync("/recsys.v1.Encoder/Encode", RawGrpc.Frame(RawGrpc.LengthDelimited(1, TextWithInvalidBytes)));

        Assert.True(status == "2", $"grpc-status {status}: {message}");
        var clean = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { "blue sky" } });
        Assert.Equal(4, clean.Embeddings[0].TokenCount);
    }

    [Fact]
    public async Task TokenizeRefusesTheMessageAndKeepsServing()
    {
        using var raw = new RawGrpc(encoder.Server.GrpcPort);
        byte[] request = [.. RawGrpc.LengthDelimited(1, TextWithInvalidBytes), .. RawGrpc.LengthDelimited(2, "arctic-embed-xs"u8.ToArray())];

        var (_, status, message) = await raw.PostAsync("/recsys.v1.Encoder/Tokenize", RawGrpc.Frame(request));

        Assert.True(status == "2", $"grpc-status {status}: {message}");
        var clean = await encoder.Client.TokenizeAsync(new TokenizeRequest { Texts = { "blue sky" }, Model = "arctic-embed-xs" });
        Assert.Equal(["[CLS]", "blue", "sky", "[SEP]"], clean.Texts[0].Tokens);
    }
}
