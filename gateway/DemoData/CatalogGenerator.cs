using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;

namespace Recommender.DemoData;

/// <summary>Items with titles like "Auralis Wireless Earbuds 3", spread evenly over the leaves of the taxonomy.</summary>
public static class CatalogGenerator
{
    public static List<Item> Generate(int count, Random random, DateTime now)
    {
        var leaves = Taxonomy.Departments.SelectMany(d => d.Leaves.Select(l => (Department: d, Leaf: l))).ToList();
        var items = new List<Item>(count);
        for (var i = 0; i < count; i++)
        {
            var (department, leaf) = leaves[i % leaves.Count];
            var brand = department.Brands[random.Next(department.Brands.Length)];
            var adjective = department.Adjectives[random.Next(department.Adjectives.Length)];
            var noun = leaf.Nouns[random.Next(leaf.Nouns.Length)];
            var model = random.Next(4) == 0 ? $" {random.Next(2, 9)}" : random.Next(3) == 0 ? " Pro" : "";
            var item = new Item
            {
                Id = $"item-{i + 1:D5}",
                Title = $"{brand} {Capitalise(adjective)} {Capitalise(noun)}{model}",
                Description = $"A {adjective} {noun} by {brand}.",
                CategoryPath = leaf.Path,
                CreatedAt = Timestamp.FromDateTime(now.AddDays(-random.Next(1, 400))),
                Attributes = { ["brand"] = brand, ["price_band"] = random.Next(3) switch { 0 => "budget", 1 => "mid", _ => "premium" } },
            };
            item.Tags.Add(adjective);
            item.Tags.Add(noun);
            items.Add(item);
        }
        return items;
    }

    private static string Capitalise(string words) => string.Join(' ', words.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
