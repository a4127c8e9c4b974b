using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Recommender.Encoder.Tokenization;

/// <summary>
/// BERT's basic-tokenizer normalisation for Microsoft.ML.Tokenizers' WordPiece model: control, format
/// and invalid characters removed, every whitespace character a space, every CJK ideograph set apart by
/// spaces, and lowercasing (Python's rules: final sigma, dotted capital I) and accent stripping as
/// configured. The package's own BertNormalizer differs on symbols, tabs, newlines and Hangul (see
/// the Encoder README, "Tokenization"); <see cref="BertPreTokenizer"/> then splits the result.
/// </summary>
public sealed class BertNormalizer(bool lowercase, bool stripAccents) : Normalizer
{
    private const int GreekCapitalSigma = 0x3A3;
    private const int GreekSmallFinalSigma = 0x3C2;
    private const int CapitalIWithDotAbove = 0x130;
    private const int MaxDecomposition = 32;

    /// <summary>Lowercase with Unicode rules, as uncased BERT models expect.</summary>
    public bool Lowercase { get; } = lowercase;

    /// <summary>Decompose (NFD) and drop combining diacritical marks, so "café" becomes "cafe".</summary>
    public bool StripAccents { get; } = stripAccents;

    /// <inheritdoc />
    public override string Normalize(string original) => Normalize(original.AsSpan());

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original)
    {
        var builder = new StringBuilder(original.Length + 8);
        var position = 0;
        while (position < original.Length)
        {
            var c = original[position];
            if (c < 0x80)
            {
                position++;
                if (c is ' ' or '\t' or '\n' or '\r')
                {
                    builder.Append(' ');
                }
                else if (c >= 0x20 && c != 0x7F)
                {
                    builder.Append(Lowercase && c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c);
                }
                continue;
            }

            var start = position;
            if (Rune.DecodeFromUtf16(original[position..], out var rune, out var consumed) != OperationStatus.Done)
            {
                position += Math.Max(consumed, 1); // a lone surrogate is dropped like any invalid character
                continue;
            }
            position += consumed;
            if (rune.Value == 0xFFFD)
            {
                continue;
            }
            var category = Rune.GetUnicodeCategory(rune);
            if (UnicodeRules.IsWhitespace(category))
            {
                builder.Append(' ');
                continue;
            }
            if (UnicodeRules.IsRemoved(category))
            {
                continue;
            }
            var isolated = UnicodeRules.IsCjkIdeograph(rune.Value);
            if (isolated)
            {
                builder.Append(' ');
            }
            AppendNormalized(builder, rune, original, start);
            if (isolated)
            {
                builder.Append(' ');
            }
        }
        return builder.ToString();
    }

    private void AppendNormalized(StringBuilder builder, Rune rune, ReadOnlySpan<char> text, int index)
    {
        if (Lowercase)
        {
            if (rune.Value == CapitalIWithDotAbove)
            {
                // Its full lowercase mapping is two code points: "i" and a combining dot above.
                builder.Append(StripAccents ? "i" : "i\u0307");
                return;
            }
            rune = rune.Value == GreekCapitalSigma && IsFinalSigma(text, index) ? new Rune(GreekSmallFinalSigma) : Rune.ToLowerInvariant(rune);
        }
        if (!StripAccents || rune.IsAscii)
        {
            builder.Append(rune.ToString());
            return;
        }
        Span<char> source = stackalloc char[2];
        Span<char> decomposed = stackalloc char[MaxDecomposition];
        var sourceLength = rune.EncodeToUtf16(source);
        if (!source[..sourceLength].TryNormalize(decomposed, out var length, NormalizationForm.FormD))
        {
            source[..sourceLength].CopyTo(decomposed);
            length = sourceLength;
        }
        var rest = decomposed[..length];
        while (Rune.DecodeFromUtf16(rest, out var part, out var used) == OperationStatus.Done)
        {
            rest = rest[used..];
            if (!UnicodeRules.IsStrippedAccent(part.Value))
            {
                builder.Append(part.ToString());
            }
        }
    }

    /// <summary>
    /// Unicode's Final_Sigma condition within the whitespace-delimited word: a cased letter before the
    /// sigma and none after it (case-ignorable characters skipped), as Python's str.lower applies it.
    /// </summary>
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int index)
    {
        var before = false;
        for (var i = index; i > 0;)
        {
            if (Rune.DecodeLastFromUtf16(text[..i], out var rune, out var used) != OperationStatus.Done)
            {
                i -= Math.Max(used, 1);
                continue;
            }
            i -= used;
            if (EndsWord(rune))
            {
                break;
            }
            if (!UnicodeRules.IsCaseIgnorable(rune) && !IsRemoved(rune))
            {
                before = UnicodeRules.IsCased(rune);
                break;
            }
        }
        if (!before)
        {
            return false;
        }
        for (var i = index + 1; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var used) != OperationStatus.Done)
            {
                i += Math.Max(used, 1);
                continue;
            }
            i += used;
            if (EndsWord(rune))
            {
                return true;
            }
            if (!UnicodeRules.IsCaseIgnorable(rune) && !IsRemoved(rune))
            {
                return !UnicodeRules.IsCased(rune);
            }
        }
        return true;
    }

    private static bool EndsWord(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || UnicodeRules.IsWhitespace(Rune.GetUnicodeCategory(rune))
            || UnicodeRules.IsCjkIdeograph(rune.Value);

    private static bool IsRemoved(Rune rune) =>
        rune.Value is 0 or 0xFFFD || UnicodeRules.IsRemoved(Rune.GetUnicodeCategory(rune));
}
