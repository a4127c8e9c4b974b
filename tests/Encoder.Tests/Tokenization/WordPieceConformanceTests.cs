using System.Text;
using System.Text.Json;
using Recommender.Encoder.Tests.Support;
using Recommender.Encoder.Tokenization;

namespace Recommender.Encoder.Tests.Tokenization;

/// <summary>Every line of ../shared/data/bert-base-uncased/wordpiece-conformance.jsonl, ids and tokens exact.</summary>
public sealed class WordPieceConformanceTests
{
    [SharedDataFact]
    public void EveryConformanceLineMatchesTheReference()
    {
        var tokenizer = new BertTokenizer(Vocabulary.Load(RepositoryPaths.BertVocabulary!), int.MaxValue, new TextNormalization(true, true));
        var failures = new StringBuilder();
        var lines = File.ReadAllLines(RepositoryPaths.WordPieceConformance!);
        Assert.Equal(400, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            var text = line.RootElement.GetProperty("text").GetString()!;
            var ids = line.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var tokens = line.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var actual = tokenizer.Tokenize(text);
            if (!actual.Ids.SequenceEqual(ids) || !actual.Tokens.SequenceEqual(tokens) || actual.Truncated)
            {
                failures.AppendLine($"line {i + 1}: {JsonSerializer.Serialize(text)}")
                    .AppendLine($"  expected {string.Join(' ', tokens)}")
                    .AppendLine($"  actual   {string.Join(' ', actual.Tokens)}");
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }
}
