using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Recommender.Encoder.Tokenization;

/// <summary>
/// BERT's word splitting on text from <see cref="BertNormalizer"/>: words are separated by spaces (the
/// normaliser has turned every whitespace character into one), and every punctuation character (ASCII
/// symbols such as "$" and "^" included) is a word of its own. Yields (offset, length) in that text.
/// </summary>
public sealed class BertPreTokenizer : PreTokenizer
{
    /// <summary>The one instance; it holds no state.</summary>
    public static BertPreTokenizer Instance { get; } = new();

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text ?? "");

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    private static List<(int Offset, int Length)> Split(string text)
    {
        var words = new List<(int, int)>(text.Length / 4 + 1);
        var wordStart = -1;
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            if (Rune.DecodeFromUtf16(text.AsSpan(position), out var rune, out var used) != OperationStatus.Done)
            {
                used = Math.Max(used, 1);
                rune = Rune.ReplacementChar;
            }
            position += used;
            if (rune.Value == ' ')
            {
                Close(words, ref wordStart, start);
            }
            else if (UnicodeRules.IsPunctuation(rune))
            {
                Close(words, ref wordStart, start);
                words.Add((start, used));
            }
            else if (wordStart < 0)
            {
                wordStart = start;
            }
        }
        Close(words, ref wordStart, text.Length);
        return words;
    }

    private static void Close(List<(int, int)> words, ref int wordStart, int end)
    {
        if (wordStart >= 0)
        {
            words.Add((wordStart, end - wordStart));
            wordStart = -1;
        }
    }
}
