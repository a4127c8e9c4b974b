using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Recommender.Storage;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI, ext4 and
/// LevelDB. Uses the SSE4.2 or ARMv8 CRC instructions when the CPU has them, otherwise a
/// slicing-by-8 table.
/// </summary>
public static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>True when a hardware CRC-32C instruction is used.</summary>
    public static bool IsHardwareAccelerated => Sse42.IsSupported || ArmCrc32.IsSupported;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues a checksum: <c>Append(Compute(a), b) == Compute(a + b)</c>.
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        if (Sse42.X64.IsSupported)
        {
            state = UpdateSse42X64(state, data);
        }
        else if (ArmCrc32.Arm64.IsSupported)
        {
            state = UpdateArm64(state, data);
        }
        else if (Sse42.IsSupported)
        {
            state = UpdateSse42(state, data);
        }
        else
        {
            state = UpdateTable(state, data);
        }

        return ~state;
    }

    /// <summary>The table implementation regardless of the CPU, so tests can compare the two.</summary>
    internal static uint AppendSoftware(uint crc, ReadOnlySpan<byte> data) => ~UpdateTable(~crc, data);

    private static uint UpdateSse42X64(uint state, ReadOnlySpan<byte> data)
    {
        ulong wide = state;
        while (data.Length >= sizeof(ulong))
        {
            wide = Sse42.X64.Crc32(wide, MemoryMarshal.Read<ulong>(data));
            data = data[sizeof(ulong)..];
        }

        state = (uint)wide;
        foreach (byte b in data)
        {
            state = Sse42.Crc32(state, b);
        }

        return state;
    }

    private static uint UpdateSse42(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(uint))
        {
            state = Sse42.Crc32(state, MemoryMarshal.Read<uint>(data));
            data = data[sizeof(uint)..];
        }

        foreach (byte b in data)
        {
            state = Sse42.Crc32(state, b);
        }

        return state;
    }

    private static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            state = ArmCrc32.Arm64.ComputeCrc32C(state, MemoryMarshal.Read<ulong>(data));
            data = data[sizeof(ulong)..];
        }

        foreach (byte b in data)
        {
            state = ArmCrc32.ComputeCrc32C(state, b);
        }

        return state;
    }

    private static uint UpdateTable(uint state, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        while (data.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = t[(7 * 256) + (low & 0xFF)] ^ t[(6 * 256) + ((low >> 8) & 0xFF)]
                  ^ t[(5 * 256) + ((low >> 16) & 0xFF)] ^ t[(4 * 256) + (low >> 24)]
                  ^ t[(3 * 256) + (high & 0xFF)] ^ t[(2 * 256) + ((high >> 8) & 0xFF)]
                  ^ t[256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = t[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        return state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint crc = i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }

            table[i] = crc;
        }

        // table[k * 256 + i] is the CRC of byte i followed by k zero bytes (slicing-by-8).
        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
