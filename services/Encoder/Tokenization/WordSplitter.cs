using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Recommender.Encoder.Tokenization;

/// <summary>
/// BERT's basic tokenizer as a streaming enumerator: drops control, format and invalid characters,
/// splits on whitespace, makes every punctuation character and CJK ideograph a word of its own,
/// and lowercases and strips accents as configured. Words are written into a caller-provided
/// buffer (a word longer than the buffer keeps its first characters and is flagged incomplete), so
/// enumerating allocates nothing and can stop early (truncation).
/// </summary>
public ref struct WordSplitter
{
    private const int GreekCapitalSigma = 0x3A3;
    private const int GreekSmallFinalSigma = 0x3C2;
    private const int CapitalIWithDotAbove = 0x130;
    private const int CombiningDotAbove = 0x307;
    private const int MaxDecomposition = 32;

    private readonly ReadOnlySpan<char> _text;
    private readonly TextNormalization _normalization;
    private readonly Span<char> _word;
    private int _position;
    private int _wordLength;
    private int _wordCodePoints;
    private bool _wordComplete;
    private PendingQueue _pending;
    private int _pendingStart;
    private int _pendingCount;

    /// <summary>Splits <paramref name="text"/>; <paramref name="wordBuffer"/> holds the current word.</summary>
    public WordSplitter(ReadOnlySpan<char> text, TextNormalization normalization, Span<char> wordBuffer)
    {
        _text = text;
        _normalization = normalization;
        _word = wordBuffer;
    }

    /// <summary>The current word, normalized. Valid until the next <see cref="MoveNext"/>.</summary>
    public readonly ReadOnlySpan<char> Current => _word[.._wordLength];

    /// <summary>Length of <see cref="Current"/> in code points (BERT's word-length limit counts these).</summary>
    public readonly int CurrentCodePoints => _wordCodePoints;

    /// <summary>False when the word was longer than the buffer and <see cref="Current"/> holds only its start.</summary>
    public readonly bool IsCurrentComplete => _wordComplete;

    /// <summary>Advances to the next word; false at the end of the text.</summary>
    public bool MoveNext()
    {
        _wordLength = 0;
        _wordCodePoints = 0;
        _wordComplete = true;
        while (NextPiece(out var rune, out var kind))
        {
            switch (kind)
            {
                case PieceKind.Boundary:
                    if (_wordLength > 0)
                    {
                        return true;
                    }
                    break;
                case PieceKind.Isolated:
                    if (_wordLength > 0)
                    {
                        PushFront(rune, PieceKind.Isolated);
                        return true;
                    }
                    Append(rune);
                    return true;
                default:
                    Append(rune);
                    break;
            }
        }
        return _wordLength > 0;
    }

    private enum PieceKind : byte
    {
        Letter,
        Boundary,
        Isolated,
    }

    /// <summary>Next normalized code point of the text with its role; false at the end.</summary>
    private bool NextPiece(out Rune rune, out PieceKind kind)
    {
        while (true)
        {
            if (_pendingCount > 0)
            {
                (rune, kind) = _pending[_pendingStart];
                _pendingStart++;
                _pendingCount--;
                return true;
            }
            if (_position >= _text.Length)
            {
                rune = default;
                kind = PieceKind.Boundary;
                return false;
            }

            var c = _text[_position];
            if (c < 0x80)
            {
                _position++;
                if (c is ' ' or '\t' or '\n' or '\r')
                {
                    rune = default;
                    kind = PieceKind.Boundary;
                    return true;
                }
                if (c < 0x20 || c == 0x7F)
                {
                    continue;
                }
                if (UnicodeRules.IsAsciiPunctuation(c))
                {
                    rune = new Rune(c);
                    kind = PieceKind.Isolated;
                    return true;
                }
                rune = new Rune(_normalization.Lowercase && c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c);
                kind = PieceKind.Letter;
                return true;
            }

            var start = _position;
            if (Rune.DecodeFromUtf16(_text[_position..], out var decoded, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                _position += Math.Max(consumed, 1); // lone surrogate: dropped like any invalid character
                continue;
            }
            _position += consumed;
            if (decoded.Value == 0xFFFD)
            {
                continue;
            }
            var category = Rune.GetUnicodeCategory(decoded);
            if (UnicodeRules.IsWhitespace(category))
            {
                rune = default;
                kind = PieceKind.Boundary;
                return true;
            }
            if (UnicodeRules.IsRemoved(category))
            {
                continue;
            }
            var isolated = UnicodeRules.IsCjkIdeograph(decoded.Value);
            if (isolated)
            {
                Enqueue(default, PieceKind.Boundary);
            }
            Normalize(decoded, start);
            if (isolated)
            {
                Enqueue(default, PieceKind.Boundary);
            }
        }
    }

    /// <summary>Lowercases and strips accents of one code point, queueing what remains.</summary>
    private void Normalize(Rune rune, int index)
    {
        if (_normalization.Lowercase)
        {
            if (rune.Value == CapitalIWithDotAbove)
            {
                // Its full lowercase mapping is two code points, "i" and a combining dot above.
                Enqueue(new Rune('i'), PieceKind.Letter);
                rune = new Rune(CombiningDotAbove);
                if (_normalization.StripAccents)
                {
                    return;
                }
            }
            else
            {
                rune = rune.Value == GreekCapitalSigma && IsFinalSigma(index) ? new Rune(GreekSmallFinalSigma) : Rune.ToLowerInvariant(rune);
            }
        }
        if (!_normalization.StripAccents || rune.IsAscii)
        {
            Enqueue(rune, UnicodeRules.IsPunctuation(rune) ? PieceKind.Isolated : PieceKind.Letter);
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
        while (Rune.DecodeFromUtf16(rest, out var part, out var used) == System.Buffers.OperationStatus.Done)
        {
            rest = rest[used..];
            if (UnicodeRules.IsStrippedAccent(part.Value))
            {
                continue;
            }
            Enqueue(part, UnicodeRules.IsPunctuation(part) ? PieceKind.Isolated : PieceKind.Letter);
        }
    }

    /// <summary>
    /// Unicode's Final_Sigma condition within the whitespace-delimited word: a cased letter before the
    /// sigma and none after it (case-ignorable characters skipped), as Python's str.lower applies it.
    /// </summary>
    private readonly bool IsFinalSigma(int index)
    {
        var before = false;
        for (var i = index; i > 0;)
        {
            if (Rune.DecodeLastFromUtf16(_text[..i], out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                i -= Math.Max(used, 1);
                continue;
            }
            i -= used;
            if (EndsWord(rune))
            {
                break;
            }
            if (!UnicodeRules.IsCaseIgnorable(rune) && !IsRemovedRune(rune))
            {
                before = UnicodeRules.IsCased(rune);
                break;
            }
        }
        if (!before)
        {
            return false;
        }
        for (var i = index + 1; i < _text.Length;)
        {
            if (Rune.DecodeFromUtf16(_text[i..], out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                i += Math.Max(used, 1);
                continue;
            }
            i += used;
            if (EndsWord(rune))
            {
                return true;
            }
            if (!UnicodeRules.IsCaseIgnorable(rune) && !IsRemovedRune(rune))
            {
                return !UnicodeRules.IsCased(rune);
            }
        }
        return true;
    }

    private static bool EndsWord(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || UnicodeRules.IsWhitespace(Rune.GetUnicodeCategory(rune))
            || UnicodeRules.IsCjkIdeograph(rune.Value);

    private static bool IsRemovedRune(Rune rune) =>
        rune.Value is 0 or 0xFFFD || UnicodeRules.IsRemoved(Rune.GetUnicodeCategory(rune));

    private void Enqueue(Rune rune, PieceKind kind)
    {
        if (_pendingCount == 0)
        {
            _pendingStart = 0;
        }
        _pending[_pendingStart + _pendingCount] = (rune, kind);
        _pendingCount++;
    }

    private void PushFront(Rune rune, PieceKind kind)
    {
        if (_pendingStart > 0)
        {
            _pendingStart--;
            _pending[_pendingStart] = (rune, kind);
            _pendingCount++;
            return;
        }
        for (var i = _pendingCount; i > 0; i--)
        {
            _pending[i] = _pending[i - 1];
        }
        _pending[0] = (rune, kind);
        _pendingCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(Rune rune)
    {
        _wordCodePoints++;
        if (_wordComplete && rune.TryEncodeToUtf16(_word[_wordLength..], out var written))
        {
            _wordLength += written;
            return;
        }
        _wordComplete = false;
    }

    /// <summary>Room for one code point's normalized form plus the boundaries around a CJK ideograph.</summary>
    [InlineArray(MaxDecomposition + 3)]
    private struct PendingQueue
    {
        private (Rune Rune, PieceKind Kind) _element;
    }
}
