using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Contracts.V1;
using Recommender.DemoData;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// --write-profile-data DIR: the data files of the ghz profiles in tests/load, drawn from make run's demo store
/// (gateway/DemoData, seed 7, 3,000 items, 300 users): every user for Recommend and GetInterests, the store's own
/// events (ids and times left to ghz's templates so each call records new events) for RecordEvents, and item
/// texts of mixed length, from a short title to several descriptions run together, for Encode.
/// </summary>
public static class ProfileData
{
    public static void Write(string directory, BenchOptions options)
    {
        var random = new Random(options.Seed);
        var now = DateTime.UtcNow;
        var items = CatalogGenerator.Generate(options.DemoItems, random, now);
        var events = UserGenerator.Generate(options.DemoUsers, items, random, now);
        var users = events.Select(e => e.UserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Directory.CreateDirectory(directory);
        var k = new[] { 5, 10, 10, 10, 20 };
        Save(directory, "recommend.json", users.Select((u, i) => new JsonObject { ["user_id"] = u, ["k"] = k[i % k.Length] }));
        Save(directory, "get_interests.json", users.Select(u => new JsonObject { ["user_id"] = u }));
        Save(directory, "record_events.json", RecordEventBatches(events));
        Save(directory, "encode.json", EncodeRequests(items, new Random(options.Seed + 1)));
    }

    /// <summary>Batches of 1 to 5 consecutive events of one user; each event gets a fresh id and the call's time.</summary>
    private static IEnumerable<JsonObject> RecordEventBatches(List<Event> events)
    {
        var byUser = events.GroupBy(e => e.UserId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var batches = new List<JsonObject>();
        for (var round = 0; batches.Count < 1000 && round < 80; round++)
        {
            foreach (var user in byUser)
            {
                var list = user.ToList();
                var size = 1 + (round + list.Count) % 5;
                var slice = list.Skip(round * 5).Take(size).ToList();
                if (slice.Count == 0)
                {
                    continue;
                }
                var array = new JsonArray();
                foreach (var (e, i) in slice.Select((e, i) => (e, i)))
                {
                    var json = new JsonObject
                    {
                        ["event_id"] = $"ghz-{{{{.UUID}}}}-{i}",
                        ["user_id"] = e.UserId,
                        ["item_id"] = e.ItemId,
                        ["action"] = "ACTION_" + e.Action.ToString().ToUpperInvariant(),
                        ["timestamp"] = "{{.Timestamp}}",
                    };
                    if (e.Action == Recommender.Contracts.V1.Action.Rating)
                    {
                        json["rating"] = e.Rating;
                    }
                    array.Add(json);
                }
                batches.Add(new JsonObject { ["events"] = array });
                if (batches.Count == 1000)
                {
                    break;
                }
            }
        }
        return batches;
    }

    /// <summary>
    /// 1 to 4 texts per request: titles (a few tokens), a title with its description, and 2 to 5 or 6 to 14
    /// descriptions run together (about 30 and 100 tokens), so a request stays under the encoder's default queue
    /// of 768 tokens (Encoder:Batching:MaxQueuedTokens) and is never refused for its size alone.
    /// </summary>
    private static IEnumerable<JsonObject> EncodeRequests(List<Item> items, Random random)
    {
        string Text()
        {
            var item = items[random.Next(items.Count)];
            return random.Next(4) switch
            {
                0 => item.Title,
                1 => $"{item.Title}. {item.Description}",
                2 => string.Join(' ', Enumerable.Range(0, random.Next(2, 6)).Select(_ => items[random.Next(items.Count)].Description)),
                _ => string.Join(' ', Enumerable.Range(0, random.Next(6, 15)).Select(_ => items[random.Next(items.Count)].Description)),
            };
        }
        return Enumerable.Range(0, 250).Select(_ => new JsonObject
        {
            ["texts"] = new JsonArray(Enumerable.Range(0, random.Next(1, 5)).Select(_ => (JsonNode)JsonValue.Create(Text())!).ToArray()),
        });
    }

    private static void Save(string directory, string name, IEnumerable<JsonObject> requests)
    {
        var path = Path.Combine(directory, name);
        // One request per line: small diffs, and still one JSON array as ghz's data-file wants.
        using var writer = new StreamWriter(path);
        writer.Write("[\n");
        var first = true;
        foreach (var request in requests)
        {
            writer.Write(first ? "  " : ",\n  ");
            writer.Write(request.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            first = false;
        }
        writer.Write("\n]\n");
    }
}
