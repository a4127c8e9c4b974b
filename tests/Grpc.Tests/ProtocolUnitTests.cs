using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Tests;

/// <summary>The small protocol codecs, checked against hand-computed values.</summary>
public sealed class ProtocolUnitTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("10S", 100_000_000L)]
    [InlineData("9927m", 99_270_000L)]
    [InlineData("9999271u", 99_992_710L)]
    [InlineData("500n", 5L)]
    [InlineData("0m", 0L)]
    public void ParsesEveryTimeoutUnit(string header, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    [InlineData("-1S")]
    [InlineData("10s")]
    [InlineData(" 1S")]
    public void RejectsMalformedTimeouts(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Fact]
    public void FormatsTimeoutsWithAtMostEightDigitsRoundingUp()
    {
        Assert.Equal("100000n", GrpcTimeout.Format(TimeSpan.FromTicks(1000)));
        Assert.Equal("1500000u", GrpcTimeout.Format(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("100000m", GrpcTimeout.Format(TimeSpan.FromSeconds(100)));
        Assert.Equal("1000000S", GrpcTimeout.Format(TimeSpan.FromSeconds(1_000_000)));
        Assert.Equal("99999999H", GrpcTimeout.Format(TimeSpan.MaxValue));
        foreach (var value in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(7.3), TimeSpan.FromHours(50), TimeSpan.FromDays(5000) })
        {
            Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(value), out var back));
            Assert.True(back >= value, $"{value} formatted as {GrpcTimeout.Format(value)} came back shorter");
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100%25")]
    [InlineData("a\tb\n", "a%09b%0A")]
    [InlineData("☺", "%E2%98%BA")]
    [InlineData("😈", "%F0%9F%98%88")]
    public void PercentEncodesStatusMessages(string message, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(message));
        Assert.Equal(message, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("%4", "%4")]
    [InlineData("%ZZ", "%ZZ")]
    [InlineData("ok%2", "ok%2")]
    public void KeepsMalformedPercentSequences(string value, string decoded) => Assert.Equal(decoded, PercentEncoding.Decode(value));

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc;charset=utf-8", true)]
    [InlineData("APPLICATION/GRPC", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/grpcx", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void RecognisesGrpcContentTypes(string? contentType, bool expected) => Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));
}

public sealed class StatusMessageTests
{
    [Fact]
    public void LongStatusMessagesAreTruncatedToFitAHeaderBlock()
    {
        var encoded = Recommender.Rpc.Server.HttpServerCallContext.EncodeStatusMessage(new string('☺', 10_000));
        Assert.True(encoded.Length <= 4096);
        Assert.EndsWith("(truncated)", Recommender.Rpc.Protocol.PercentEncoding.Decode(encoded));
        Assert.Equal("short", Recommender.Rpc.Server.HttpServerCallContext.EncodeStatusMessage("short"));
    }
}
