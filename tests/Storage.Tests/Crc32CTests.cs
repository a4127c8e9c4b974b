using System.Text;

namespace Recommender.Storage.Tests;

public sealed class Crc32CTests
{
    public static TheoryData<byte[], uint> KnownVectors()
    {
        var data = new TheoryData<byte[], uint>
        {
            { Encoding.ASCII.GetBytes("123456789"), 0xE3069283 },
            { [], 0x00000000 },
            { Encoding.ASCII.GetBytes("a"), 0xC1D04330 },
            { Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog"), 0x22620404 },
            // RFC 3720 (iSCSI) appendix B.4 test patterns.
            { new byte[32], 0x8A9136AA },
            { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
            { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
            { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void MatchesPublishedVectors(byte[] input, uint expected)
    {
        Assert.Equal(expected, Crc32C.Compute(input));
        Assert.Equal(expected, Crc32C.AppendSoftware(0, input));
    }

    [Fact]
    public void HardwareAndTableAgreeOnEveryLengthAndAlignment()
    {
        var random = new Random(7);
        var buffer = new byte[1100];
        random.NextBytes(buffer);
        for (int start = 0; start < 9; start++)
        {
            for (int length = 0; length + start <= buffer.Length; length += 1 + (length / 16))
            {
                ReadOnlySpan<byte> slice = buffer.AsSpan(start, length);
                Assert.Equal(Crc32C.AppendSoftware(0, slice), Crc32C.Compute(slice));
            }
        }
    }

    [Fact]
    public void AppendContinuesAChecksum()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789 and a few more bytes to cross eight-byte blocks");
        for (int split = 0; split <= data.Length; split++)
        {
            uint first = Crc32C.Compute(data.AsSpan(0, split));
            Assert.Equal(Crc32C.Compute(data), Crc32C.Append(first, data.AsSpan(split)));
            Assert.Equal(Crc32C.Compute(data), Crc32C.AppendSoftware(Crc32C.AppendSoftware(0, data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void UsesTheCrcInstructionOnCpusThatHaveIt()
    {
        bool cpuHasIt = System.Runtime.Intrinsics.X86.Sse42.IsSupported || System.Runtime.Intrinsics.Arm.Crc32.IsSupported;
        Assert.Equal(cpuHasIt, Crc32C.IsHardwareAccelerated);
    }
}
