namespace Recommender.Encoder.Tokenization;

/// <summary>
/// A token vocabulary (one token per line of vocab.txt, id = line number) with span lookups that do
/// not allocate: whole tokens, and WordPiece continuations ("##piece") looked up by the part after "##".
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The prefix that marks a WordPiece continuation piece.</summary>
    public const string ContinuationPrefix = "##";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    /// <summary>Builds a vocabulary from tokens in id order.</summary>
    /// <exception cref="FormatException">A token is empty or appears twice (the message names the line).</exception>
    public Vocabulary(IReadOnlyList<string> tokens)
    {
        _tokens = new string[tokens.Count];
        var words = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Count; id++)
        {
            var token = tokens[id];
            if (token.Length == 0)
            {
                throw new FormatException($"line {id + 1} is empty; every line must hold one token");
            }
            if (!words.TryAdd(token, id))
            {
                throw new FormatException($"line {id + 1}: token '{token}' already appears on line {words[token] + 1}");
            }
            _tokens[id] = token;
            MaxTokenLength = Math.Max(MaxTokenLength, token.Length);
            if (token.Length > ContinuationPrefix.Length && token.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                continuations.TryAdd(token[ContinuationPrefix.Length..], id);
            }
        }
        _words = words.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of tokens (the largest id is <c>Count - 1</c>).</summary>
    public int Count => _tokens.Length;

    /// <summary>Length in UTF-16 units of the longest token, which bounds WordPiece's search.</summary>
    public int MaxTokenLength { get; }

    /// <summary>The token with this id, as the model sees it (no allocation).</summary>
    public string this[int id] => _tokens[id];

    /// <summary>Reads vocab.txt: UTF-8, one token per line, id = zero-based line number.</summary>
    /// <exception cref="FormatException">The file is empty or holds an empty or duplicate token.</exception>
    public static Vocabulary Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
        {
            count--; // a trailing newline at the end of the file is not a token
        }
        if (count == 0)
        {
            throw new FormatException("the file holds no tokens");
        }
        return new Vocabulary(new ArraySegment<string>(lines, 0, count));
    }

    /// <summary>Id of a whole token.</summary>
    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _words.TryGetValue(token, out id);

    /// <summary>Id of the continuation token "##" + <paramref name="piece"/>.</summary>
    public bool TryGetContinuationId(ReadOnlySpan<char> piece, out int id) => _continuations.TryGetValue(piece, out id);

    /// <summary>Id of a token that must exist (special tokens).</summary>
    /// <exception cref="FormatException">The token is missing.</exception>
    public int RequireId(string token) =>
        _words.TryGetValue(token, out var id) ? id : throw new FormatException($"the vocabulary has no '{token}' token");

    /// <summary>Token strings for ids (shared strings from the vocabulary, no copies).</summary>
    public string[] TokensOf(ReadOnlySpan<int> ids)
    {
        var tokens = new string[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            tokens[i] = _tokens[ids[i]];
        }
        return tokens;
    }
}
