using Recommender.CandidateRetrieval.Embedding;
using Recommender.Contracts.V1;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

/// <summary>The text an item without a vector is embedded from (the composition the README documents).</summary>
public sealed class ItemTextTests
{
    private static Item Item(string title, string category, string[] tags, string description = "")
    {
        var item = new Item { Id = "x", Title = title, CategoryPath = category, Description = description };
        item.Tags.AddRange(tags);
        return item;
    }

    [Fact]
    public void Title_category_segments_tags_and_description_are_joined_in_order()
    {
        var item = Item(" Wireless headphones ", "Electronics/Audio/Headphones", ["wireless", " audio "], "Thirty hours of battery.");

        Assert.Equal("Wireless headphones. Electronics > Audio > Headphones. wireless, audio. Thirty hours of battery.", ItemText.Compose(item, 200));
        Assert.Equal("Wireless headphones. Electronics > Audio > Headphones. wireless, audio", ItemText.Compose(item, 0));
    }

    [Fact]
    public void Empty_parts_are_left_out()
    {
        Assert.Equal("Books > Fiction", ItemText.Compose(Item("", "Books/Fiction", []), 200));
        Assert.Equal("Novel. Books", ItemText.Compose(Item("Novel", "Books", [], "   "), 200));
    }

    [Fact]
    public void The_description_is_cut_at_a_word_boundary()
    {
        var item = Item("Lamp", "Home", [], "A bright reading lamp with adjustable arm");

        Assert.Equal("Lamp. Home. A bright reading", ItemText.Compose(item, 18)); // "A bright reading l" ends inside "lamp"
        Assert.Equal("Lamp. Home. A bright reading lamp", ItemText.Compose(item, 21)); // ends right after "lamp"
        Assert.Equal("Lamp. Home. Abrightreading", ItemText.Compose(Item("Lamp", "Home", [], "Abrightreadinglamp"), 14)); // no space: cut hard
    }

    [Fact]
    public void The_whole_text_fits_the_encoders_limit()
    {
        var item = Item(new string('t', 512), "Home", Enumerable.Range(0, 64).Select(i => new string('g', 64)).ToArray(), new string('d', 20_000));

        Assert.Equal(ItemText.MaxCharacters, ItemText.Compose(item, ItemText.MaxCharacters).Length);
    }
}
