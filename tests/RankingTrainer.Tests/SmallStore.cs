using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;

namespace Recommender.RankingTrainer.Tests;

/// <summary>
/// A small store where what people do next follows sequences: the items of each category form a chain, each user
/// walks along a chain in their main category (a few steps in a secondary one before), and their next item is the
/// next one on the chain, which other users walked from the same item (co-visitation). Other users view items at
/// random, so popularity says little. Each main user's last event is held back: recorded only after the snapshot.
/// </summary>
public sealed class SmallStore
{
    public static readonly string[] Categories = ["Music/Jazz", "Music/Rock", "Books/Poetry", "Books/History", "Film/Drama", "Film/Comedy"];

    private static readonly string[] Words = ["blue", "night", "river", "golden", "quiet", "city", "wild", "winter", "open", "lost", "bright", "long"];

    public SmallStore(int itemsPerCategory = 30, int users = 90, int browsers = 30, int seed = 11)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var chains = new List<List<string>>();
        foreach (var (category, c) in Categories.Select((category, c) => (category, c)))
        {
            var chain = new List<string>();
            for (var i = 0; i < itemsPerCategory; i++)
            {
                var id = $"item-{c}-{i:D2}";
                var noun = category.Split('/')[1].ToLowerInvariant();
                Items.Add(new Item
                {
                    Id = id,
                    Title = $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} {noun} {i}",
                    Description = $"A {noun} title in {category.Replace('/', ' ')}.",
                    CategoryPath = category,
                    CreatedAt = Timestamp.FromDateTimeOffset(now.AddDays(-random.Next(1, 365))),
                });
                chain.Add(id);
            }
            chains.Add(chain.OrderBy(_ => random.Next()).ToList());
        }
        for (var u = 0; u < users; u++)
        {
            var user = $"user-{u:D3}";
            var main = chains[random.Next(chains.Count)];
            var second = chains[random.Next(chains.Count)];
            var time = now.AddDays(-2).AddMinutes(random.Next(0, 600));
            var walk = new List<string>();
            var q = random.Next(second.Count - 3);
            walk.AddRange(second.Skip(q).Take(3));
            var p = random.Next(main.Count - 7);
            walk.AddRange(main.Skip(p).Take(7).Where(id => !walk.Contains(id)));
            for (var i = 0; i < walk.Count; i++)
            {
                time = time.AddMinutes(3);
                var e = Event(user, walk[i], time);
                (i == walk.Count - 1 ? HeldBack : Recorded).Add(e);
            }
        }
        for (var b = 0; b < browsers; b++)
        {
            var time = now.AddDays(-3).AddMinutes(random.Next(0, 600));
            for (var i = 0; i < 8; i++)
            {
                time = time.AddHours(2);
                Recorded.Add(Event($"browser-{b:D3}", Items[random.Next(Items.Count)].Id, time));
            }
        }
    }

    public List<Item> Items { get; } = [];

    /// <summary>Every event but each main user's last.</summary>
    public List<Event> Recorded { get; } = [];

    /// <summary>Each main user's last event: what they did next.</summary>
    public List<Event> HeldBack { get; } = [];

    private static Event Event(string user, string item, DateTimeOffset time) => new()
    {
        EventId = $"{user}-{item}",
        UserId = user,
        ItemId = item,
        Action = Contracts.V1.Action.View,
        Timestamp = Timestamp.FromDateTimeOffset(time),
    };
}
