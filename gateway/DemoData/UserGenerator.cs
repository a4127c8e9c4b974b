using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Action = Recommender.Contracts.V1.Action;

namespace Recommender.DemoData;

/// <summary>
/// Users with one to three favourite leaf categories (plus some browsing elsewhere); their events
/// come in sessions over the last 60 days, mostly views and clicks, some carts, purchases and ratings.
/// </summary>
public static class UserGenerator
{
    public static List<Event> Generate(int users, IReadOnlyList<Item> catalog, Random random, DateTime now)
    {
        var byLeaf = catalog.GroupBy(i => i.CategoryPath).ToDictionary(g => g.Key, g => g.ToList());
        var leaves = byLeaf.Keys.Order(StringComparer.Ordinal).ToList();
        var events = new List<Event>();
        for (var u = 0; u < users; u++)
        {
            var userId = $"user-{u + 1:D4}";
            var favourites = Enumerable.Range(0, random.Next(1, 4)).Select(_ => leaves[random.Next(leaves.Count)]).Distinct().ToList();
            var eventCount = (int)Math.Round(5 + 75 * Math.Pow(random.NextDouble(), 2));
            var time = now.AddDays(-60 * random.NextDouble());
            for (var e = 0; e < eventCount; e++)
            {
                // A session: a few minutes apart; between sessions, hours to days.
                time = time.AddMinutes(random.Next(5) == 0 ? random.Next(120, 4000) : random.Next(1, 15));
                if (time > now)
                {
                    time = now.AddMinutes(-random.Next(1, 600));
                }
                var leaf = random.NextDouble() < 0.85 ? favourites[random.Next(favourites.Count)] : leaves[random.Next(leaves.Count)];
                var item = byLeaf[leaf][random.Next(byLeaf[leaf].Count)];
                var roll = random.NextDouble();
                var action = roll < 0.6 ? Action.View : roll < 0.85 ? Action.Click : roll < 0.93 ? Action.Cart : roll < 0.98 ? Action.Purchase : Action.Rating;
                events.Add(new Event
                {
                    EventId = $"{userId}-{e:D4}",
                    UserId = userId,
                    ItemId = item.Id,
                    Action = action,
                    Rating = action == Action.Rating ? random.Next(3, 11) / 2.0 : 0,
                    Timestamp = Timestamp.FromDateTime(time),
                });
            }
        }
        return events.OrderBy(e => e.Timestamp).ToList();
    }
}
