using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Contracts.V1;
using Recommender.DemoData;

// Loads the demo store through the gateway when the catalog is empty:
//   Recommender.DemoData --gateway http://127.0.0.1:8081 --api-key KEY [--items 3000] [--users 300] [--seed 7] [--force]
//     [--now UNIX_SECONDS] [--hold-back-last N | --held-back-only]
// --hold-back-last N leaves out each user's last N events; a second call with --held-back-only and the same
// --now and seed records just those (make run takes the ranking trainer's snapshot in between).
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "true");
var gateway = options.GetValueOrDefault("gateway", "http://127.0.0.1:8081");
var apiKey = options.GetValueOrDefault("api-key", "");
var itemCount = int.Parse(options.GetValueOrDefault("items", "3000"));
var userCount = int.Parse(options.GetValueOrDefault("users", "300"));
var random = new Random(int.Parse(options.GetValueOrDefault("seed", "7")));
var now = options.TryGetValue("now", out var nowSeconds) ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(nowSeconds)).UtcDateTime : DateTime.UtcNow;
var heldBackOnly = options.ContainsKey("held-back-only");
var holdBack = int.Parse(options.GetValueOrDefault("hold-back-last", heldBackOnly ? "1" : "0"));

using var channel = GrpcChannel.ForAddress(gateway);
var headers = new Metadata { { "x-api-key", apiKey } };
var catalog = new CandidateRetrieval.CandidateRetrievalClient(channel);
var stats = await catalog.GetCatalogStatsAsync(new GetCatalogStatsRequest(), headers, DateTime.UtcNow.AddSeconds(30));
if (stats.ItemCount > 0 && !options.ContainsKey("force") && !heldBackOnly)
{
    Console.WriteLine($"The catalog already holds {stats.ItemCount} items; demo data not loaded (use --force to load it anyway).");
    return 0;
}
if (stats.ItemCount > 0)
{
    Console.WriteLine($"The catalog holds {stats.ItemCount} items ; --force: loading anyway (items and events are idempotent by id, so this completes an interrupted load).");
}

var items = CatalogGenerator.Generate(itemCount, random, now);
var recommender = new Recommender.Contracts.V1.Recommender.RecommenderClient(channel);
if (!heldBackOnly)
{
    // Small batches: the encoder embeds every item (all-MiniLM-L6-v2), and each write must finish within the gateway's
    // write timeout (Gateway:WriteTimeoutMs, 5 s) even on a slow machine.
    foreach (var batch in items.Chunk(50))
    {
        var request = new UpsertItemsRequest();
        request.Items.AddRange(batch);
        await recommender.UpsertItemsAsync(request, headers, DateTime.UtcNow.AddMinutes(2));
    }
    Console.WriteLine($"Loaded {items.Count} items in {Taxonomy.Leaves.Count()} categories.");
}

var generated = UserGenerator.Generate(userCount, items, random, now);
var heldBack = generated.GroupBy(e => e.UserId).SelectMany(g => g.TakeLast(holdBack)).ToHashSet();
var events = heldBackOnly ? generated.Where(heldBack.Contains).ToList() : generated.Where(e => !heldBack.Contains(e)).ToList();
foreach (var batch in events.Chunk(1000))
{
    var request = new RecordEventsRequest();
    request.Events.AddRange(batch);
    await recommender.RecordEventsAsync(request, headers, DateTime.UtcNow.AddMinutes(1));
}
Console.WriteLine($"Recorded {events.Count} events of {userCount} users (user-0001 to user-{userCount:D4}).");
return 0;
