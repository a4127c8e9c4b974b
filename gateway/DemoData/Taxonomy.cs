namespace Recommender.DemoData;

/// <summary>
/// A three-level category tree of a general store, each leaf with the product nouns sold there,
/// and per top-level category the brands and descriptive words titles are made of. Plain English
/// words, so the default encoder model (all-MiniLM-L6-v2) places related items near each other.
/// </summary>
public static class Taxonomy
{
    public sealed record Leaf(string Path, string[] Nouns);

    public sealed record Department(string Name, string[] Brands, string[] Adjectives, IReadOnlyList<Leaf> Leaves);

    public static readonly IReadOnlyList<Department> Departments =
    [
        new("Electronics", ["Auralis", "Voltra", "Kestrel", "Novatek", "Lumio"], ["wireless", "compact", "portable", "smart", "noise cancelling", "waterproof", "fast charging", "ultra slim"],
        [
            new("Electronics/Audio/Headphones", ["headphones", "earbuds", "headset", "earphones"]),
            new("Electronics/Audio/Speakers", ["bluetooth speaker", "soundbar", "bookshelf speakers", "subwoofer"]),
            new("Electronics/Phones/Android", ["android phone", "smartphone", "phone case", "screen protector"]),
            new("Electronics/Phones/Accessories", ["phone charger", "power bank", "charging cable", "car mount"]),
            new("Electronics/Computers/Laptops", ["laptop", "notebook computer", "laptop stand", "laptop sleeve"]),
            new("Electronics/Computers/Peripherals", ["mechanical keyboard", "wireless mouse", "webcam", "monitor"]),
            new("Electronics/Cameras/Digital", ["digital camera", "camera lens", "tripod", "memory card"]),
        ]),
        new("Home", ["Hearthly", "Oakwell", "Casamora", "Brightnest", "Linenry"], ["stainless steel", "cast iron", "ceramic", "nonstick", "cotton", "handmade", "modern", "rustic"],
        [
            new("Home/Kitchen/Cookware", ["frying pan", "saucepan", "dutch oven", "stock pot", "wok"]),
            new("Home/Kitchen/Appliances", ["coffee maker", "blender", "toaster", "electric kettle", "air fryer"]),
            new("Home/Kitchen/Tableware", ["dinner plates", "coffee mugs", "wine glasses", "serving bowl"]),
            new("Home/Bedroom/Bedding", ["duvet cover", "bed sheets", "pillow", "blanket", "quilt"]),
            new("Home/Furniture/Living", ["sofa", "armchair", "coffee table", "bookshelf", "floor lamp"]),
            new("Home/Garden/Tools", ["garden hose", "pruning shears", "shovel", "watering can", "lawn mower"]),
            new("Home/Garden/Plants", ["flower seeds", "potted plant", "planter", "plant food"]),
        ]),
        new("Sports", ["Peakline", "Trailforge", "Stridex", "Aquafin", "Summitra"], ["lightweight", "breathable", "durable", "insulated", "adjustable", "professional", "trail", "all weather"],
        [
            new("Sports/Outdoor/Camping", ["tent", "sleeping bag", "camping stove", "lantern", "backpack"]),
            new("Sports/Outdoor/Hiking", ["hiking boots", "trekking poles", "rain jacket", "water bottle"]),
            new("Sports/Fitness/Strength", ["dumbbells", "kettlebell", "weight bench", "resistance bands"]),
            new("Sports/Fitness/Yoga", ["yoga mat", "yoga blocks", "foam roller", "meditation cushion"]),
            new("Sports/Cycling/Bikes", ["road bike", "mountain bike", "bike helmet", "bike lights"]),
            new("Sports/Water/Swimming", ["swim goggles", "swimsuit", "swim cap", "kickboard"]),
        ]),
        new("Books", ["Penrose Press", "Lantern House", "Northgate Books", "Quillmark", "Harbor Editions"], ["bestselling", "illustrated", "classic", "award winning", "new", "paperback", "hardcover", "collected"],
        [
            new("Books/Fiction/Mystery", ["detective novel", "murder mystery", "crime thriller", "whodunit"]),
            new("Books/Fiction/Science Fiction", ["space opera", "science fiction novel", "dystopian novel", "time travel story"]),
            new("Books/Fiction/Romance", ["romance novel", "love story", "historical romance"]),
            new("Books/Nonfiction/History", ["history book", "biography", "war history", "ancient history"]),
            new("Books/Nonfiction/Science", ["popular science book", "physics book", "astronomy guide", "biology book"]),
            new("Books/Children/Picture Books", ["picture book", "bedtime stories", "alphabet book"]),
        ]),
        new("Fashion", ["Marlowe", "Threadly", "Veyra", "Northcoat", "Kindred"], ["cotton", "wool", "leather", "denim", "linen", "slim fit", "vintage", "casual"],
        [
            new("Fashion/Men/Shirts", ["oxford shirt", "polo shirt", "flannel shirt", "t-shirt"]),
            new("Fashion/Men/Shoes", ["sneakers", "leather boots", "loafers", "running shoes"]),
            new("Fashion/Women/Dresses", ["summer dress", "evening dress", "maxi dress", "wrap dress"]),
            new("Fashion/Women/Bags", ["handbag", "tote bag", "crossbody bag", "clutch"]),
            new("Fashion/Accessories/Watches", ["wristwatch", "smartwatch", "watch strap"]),
            new("Fashion/Accessories/Jewelry", ["necklace", "earrings", "bracelet", "ring"]),
        ]),
        new("Grocery", ["Fieldfare", "Goldgrain", "Brookside", "Sunmeadow", "Olive Grove"], ["organic", "whole grain", "fresh", "roasted", "gluten free", "spicy", "sweet", "family size"],
        [
            new("Grocery/Beverages/Coffee", ["ground coffee", "coffee beans", "espresso pods", "cold brew"]),
            new("Grocery/Beverages/Tea", ["green tea", "black tea", "herbal tea", "chai"]),
            new("Grocery/Pantry/Pasta", ["spaghetti", "penne pasta", "pasta sauce", "lasagna sheets"]),
            new("Grocery/Pantry/Snacks", ["potato chips", "granola bars", "trail mix", "dark chocolate"]),
            new("Grocery/Pantry/Baking", ["flour", "baking soda", "vanilla extract", "cake mix"]),
        ]),
        new("Toys", ["Playwell", "Brickhaven", "Tinkerly", "Starling Toys", "Puzzlewood"], ["wooden", "educational", "colorful", "battery powered", "creative", "collectible", "giant", "mini"],
        [
            new("Toys/Building/Blocks", ["building blocks", "construction set", "magnetic tiles"]),
            new("Toys/Games/Board Games", ["board game", "card game", "chess set", "jigsaw puzzle"]),
            new("Toys/Outdoor/Ride-Ons", ["scooter", "balance bike", "skateboard", "tricycle"]),
            new("Toys/Dolls/Plush", ["teddy bear", "plush toy", "doll house", "stuffed animal"]),
        ]),
    ];

    public static IEnumerable<Leaf> Leaves => Departments.SelectMany(d => d.Leaves);
}
