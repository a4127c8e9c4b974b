using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Embedding;

/// <summary>
/// The text an item is embedded from when it comes without a vector. Parts, in this order, each trimmed of surrounding
/// whitespace, empty ones left out, joined by <c>". "</c>:
/// <list type="number">
/// <item>the title;</item>
/// <item>the category path's segments joined by <c>" > "</c> (<c>Electronics/Audio/Headphones</c> becomes
/// <c>Electronics > Audio > Headphones</c>);</item>
/// <item>the tags joined by <c>", "</c>;</item>
/// <item>the description's first <c>descriptionCharacters</c> characters, cut back to the last whitespace when the cut
/// falls inside a word (left out when <c>descriptionCharacters</c> is 0).</item>
/// </list>
/// For example <c>Wireless bluetooth headphones. Electronics > Audio > Headphones. wireless, over-ear. Thirty hours of
/// battery</c>. The whole text is cut to <see cref="MaxCharacters"/>, the encoder's limit per text.
/// </summary>
public static class ItemText
{
    /// <summary>Longest text sent to the encoder (its per-text limit).</summary>
    public const int MaxCharacters = 16_384;

    /// <summary>Composes the text of <paramref name="item"/>.</summary>
    public static string Compose(Item item, int descriptionCharacters)
    {
        var parts = new List<string>(4);
        Add(parts, item.Title);
        Add(parts, string.Join(" > ", item.CategoryPath.Split('/').Select(s => s.Trim())));
        Add(parts, string.Join(", ", item.Tags.Select(t => t.Trim()).Where(t => t.Length > 0)));
        if (descriptionCharacters > 0)
        {
            Add(parts, Prefix(item.Description.Trim(), descriptionCharacters));
        }
        var text = string.Join(". ", parts);
        return Cut(text, MaxCharacters);
    }

    private static void Add(List<string> parts, string part)
    {
        part = part.Trim();
        if (part.Length > 0)
        {
            parts.Add(part);
        }
    }

    private static string Prefix(string text, int characters)
    {
        if (text.Length <= characters)
        {
            return text;
        }
        // Inside a word (the next character is not whitespace): cut back to the last whitespace, if any.
        if (!char.IsWhiteSpace(text[characters]))
        {
            var space = text.LastIndexOfAny([' ', '\t', '\n', '\r'], characters - 1);
            if (space > 0)
            {
                return text[..space].TrimEnd();
            }
        }
        return Cut(text, characters).TrimEnd();
    }

    // Never splits a surrogate pair.
    private static string Cut(string text, int characters) =>
        text.Length <= characters ? text : text[..(char.IsHighSurrogate(text[characters - 1]) ? characters - 1 : characters)];
}
