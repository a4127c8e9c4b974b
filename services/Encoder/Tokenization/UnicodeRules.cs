using System.Globalization;
using System.Text;

namespace Recommender.Encoder.Tokenization;

/// <summary>
/// The character classes of BERT's basic tokenizer, on code points, as the conformance reference
/// (../shared/data/bert-base-uncased/wordpiece-conformance.jsonl) applies them. Two details differ from
/// Google's tokenization.py: unassigned code points are kept (they become [UNK]) instead of removed,
/// and accent stripping drops only the combining diacritical marks U+0300..U+036F.
/// </summary>
internal static class UnicodeRules
{
    /// <summary>Word separators: space, tab, newlines, Unicode space separators, line and paragraph separators.</summary>
    public static bool IsWhitespace(UnicodeCategory category) =>
        category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>Characters BERT removes: control, format (zero-width), private use, surrogates.</summary>
    public static bool IsRemoved(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
            or UnicodeCategory.Surrogate;

    /// <summary>The accents that stripping removes after NFD: the Combining Diacritical Marks block.</summary>
    public static bool IsStrippedAccent(int cp) => cp is >= 0x300 and <= 0x36F;

    /// <summary>ASCII symbols count as punctuation too (BERT treats "$", "+", "^" and "`" as punctuation).</summary>
    public static bool IsAsciiPunctuation(int c) =>
        c is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126);

    public static bool IsPunctuation(Rune rune) =>
        IsAsciiPunctuation(rune.Value) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;

    /// <summary>CJK ideographs, each of which BERT makes a word of its own (Hangul and kana are not included).</summary>
    public static bool IsCjkIdeograph(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>Unicode "Cased" (approximated by the letter case categories).</summary>
    public static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter;

    /// <summary>Unicode "Case_Ignorable": marks, format characters, modifiers and word-internal punctuation.</summary>
    public static bool IsCaseIgnorable(Rune rune) =>
        rune.Value is 0x27 or 0x2E or 0x3A or 0x5E or 0x60 or 0xA8 or 0xAD or 0xAF or 0xB4 or 0xB7 or 0xB8
            or 0x387 or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07
            or 0xFF0E or 0xFF1A
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
