namespace Recommender.InterestModel.Domain;

/// <summary>Known items by id, with dense indices that per-user state and signals refer to.</summary>
internal sealed class ItemCatalog
{
    private readonly Dictionary<string, int> indices = new(StringComparer.Ordinal);
    private readonly List<CatalogItem> items = [];

    public int Count => items.Count;

    public CatalogItem this[int index] => items[index];

    public bool TryGetIndex(string id, out int index) => indices.TryGetValue(id, out index);

    public bool Contains(string id) => indices.ContainsKey(id);

    /// <summary>Adds the item or replaces its categories and embedding; returns its index.</summary>
    public int Upsert(CatalogItem item)
    {
        if (indices.TryGetValue(item.Id, out var index))
        {
            items[index].Update(item);
            return index;
        }
        index = items.Count;
        items.Add(item);
        indices.Add(item.Id, index);
        return index;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            writer.Write(item.Id);
            writer.Write(item.Leaves.Length);
            foreach (var leaf in item.Leaves)
            {
                writer.Write(leaf);
            }
            var embedding = item.Embedding;
            writer.Write(embedding?.Length ?? -1);
            if (embedding is not null)
            {
                foreach (var value in embedding)
                {
                    writer.Write(value);
                }
            }
        }
    }

    public static ItemCatalog Read(BinaryReader reader, CategoryTree tree)
    {
        var catalog = new ItemCatalog();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var leaves = new int[reader.ReadInt32()];
            for (var j = 0; j < leaves.Length; j++)
            {
                leaves[j] = reader.ReadInt32();
                if (leaves[j] <= 0 || leaves[j] >= tree.Count)
                {
                    throw new InvalidDataException($"snapshot item '{id}' refers to unknown category node {leaves[j]}");
                }
            }
            var length = reader.ReadInt32();
            float[]? embedding = null;
            if (length >= 0)
            {
                embedding = new float[length];
                for (var j = 0; j < length; j++)
                {
                    embedding[j] = reader.ReadSingle();
                }
            }
            catalog.Upsert(CatalogItem.Create(id, leaves, embedding, tree));
        }
        return catalog;
    }
}
