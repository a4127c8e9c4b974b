using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Single-threaded C = A x B for row-major matrices (A: m x k, B: k x n, n a multiple of 16), with a
/// 4 x 16 register-blocked micro-kernel over blocks of <see cref="RowBlock"/> rows. Like a BLAS
/// kernel, its efficiency grows with m: each 16-column panel of B is fetched from the outer caches
/// once per row block and reused from L1 for every row of the block.
/// </summary>
internal static class Gemm
{
    public const int ColumnBlock = 16;

    /// <summary>Rows per block: 64 rows of A (k up to 1536) stay in a 512 KiB L2.</summary>
    public const int RowBlock = 64;

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        if (n % ColumnBlock != 0 || a.Length < m * k || b.Length < k * n || c.Length < m * n)
        {
            throw new ArgumentException($"Bad GEMM shapes: m={m} k={k} n={n} (n must be a multiple of {ColumnBlock}).");
        }

        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        for (var firstRow = 0; firstRow < m; firstRow += RowBlock)
        {
            var endRow = Math.Min(m, firstRow + RowBlock);
            for (var column = 0; column < n; column += ColumnBlock)
            {
                var row = firstRow;
                for (; row + 4 <= endRow; row += 4)
                {
                    Kernel4x16(ref a0, ref b0, ref c0, row, column, k, n);
                }

                for (; row < endRow; row++)
                {
                    Kernel1x16(ref a0, ref b0, ref c0, row, column, k, n);
                }
            }
        }
    }

    /// <summary>Floating-point operations of one multiply.</summary>
    public static double Flops(int m, int k, int n) => 2.0 * m * k * n;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel4x16(ref float a, ref float b, ref float c, int row, int column, int k, int n)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        nuint aRow = (nuint)(row * k), aStride = (nuint)k, bOffset = (nuint)column, nStride = (nuint)n;
        for (nuint p = 0; p < (nuint)k; p++, bOffset += nStride)
        {
            var b0 = Vector256.LoadUnsafe(ref b, bOffset);
            var b1 = Vector256.LoadUnsafe(ref b, bOffset + 8);
            var a0 = Vector256.Create(Unsafe.Add(ref a, aRow + p));
            var a1 = Vector256.Create(Unsafe.Add(ref a, aRow + aStride + p));
            var a2 = Vector256.Create(Unsafe.Add(ref a, aRow + 2 * aStride + p));
            var a3 = Vector256.Create(Unsafe.Add(ref a, aRow + 3 * aStride + p));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
        }

        var cRow = (nuint)(row * n + column);
        c00.StoreUnsafe(ref c, cRow);
        c01.StoreUnsafe(ref c, cRow + 8);
        c10.StoreUnsafe(ref c, cRow + nStride);
        c11.StoreUnsafe(ref c, cRow + nStride + 8);
        c20.StoreUnsafe(ref c, cRow + 2 * nStride);
        c21.StoreUnsafe(ref c, cRow + 2 * nStride + 8);
        c30.StoreUnsafe(ref c, cRow + 3 * nStride);
        c31.StoreUnsafe(ref c, cRow + 3 * nStride + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel1x16(ref float a, ref float b, ref float c, int row, int column, int k, int n)
    {
        Vector256<float> c0 = default, c1 = default;
        nuint aRow = (nuint)(row * k), bOffset = (nuint)column, nStride = (nuint)n;
        for (nuint p = 0; p < (nuint)k; p++, bOffset += nStride)
        {
            var a0 = Vector256.Create(Unsafe.Add(ref a, aRow + p));
            c0 = Vector256.FusedMultiplyAdd(a0, Vector256.LoadUnsafe(ref b, bOffset), c0);
            c1 = Vector256.FusedMultiplyAdd(a0, Vector256.LoadUnsafe(ref b, bOffset + 8), c1);
        }

        var cRow = (nuint)(row * n + column);
        c0.StoreUnsafe(ref c, cRow);
        c1.StoreUnsafe(ref c, cRow + 8);
    }
}
