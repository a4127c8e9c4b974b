using System.Text;
using System.Text.Json;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Tokenization;

/// <summary>
/// Every line of ../shared/data/bert-base-uncased/wordpiece-conformance.jsonl through the Tokenize RPC
/// of the default model (all-minilm-l6-v2, whose vocabulary is BERT base uncased): ids and tokens exact.
/// </summary>
[Collection(EncoderServerCollection.Name)]
public sealed class WordPieceConformanceTests(EncoderServerFixture encoder)
{
    [SharedDataFact]
    public async Task EveryConformanceLineMatchesTheReference()
    {
        var lines = File.ReadAllLines(RepositoryPaths.WordPieceConformance!);
        Assert.Equal(400, lines.Length);
        var expected = lines.Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return (Text: root.GetProperty("text").GetString()!,
                Ids: root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                Tokens: root.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }).ToArray();

        var failures = new StringBuilder();
        var conforming = 0;
        foreach (var chunk in expected.Index().Chunk(200))
        {
            var request = new TokenizeRequest { Model = ModelNames.MiniLm };
            request.Texts.Add(chunk.Select(c => c.Item.Text));
            var response = await encoder.Client.TokenizeAsync(request);
            foreach (var ((index, line), actual) in chunk.Zip(response.Texts))
            {
                // The reference does not truncate; the longest line fits the model's 256 tokens.
                if (actual.Ids.SequenceEqual(line.Ids) && actual.Tokens.SequenceEqual(line.Tokens) && !actual.Truncated)
                {
                    conforming++;
                    continue;
                }
                failures.AppendLine($"line {index + 1}: {JsonSerializer.Serialize(line.Text)}")
                    .AppendLine($"  expected {string.Join(' ', line.Tokens)}")
                    .AppendLine($"  actual   {string.Join(' ', actual.Tokens)}");
            }
        }
        Assert.True(failures.Length == 0, $"{conforming} of {lines.Length} lines conform:\n{failures}");
    }
}
