namespace Recommender.Encoder.Bench;

/// <summary>
/// Token sequences ([CLS] ids [SEP], ids from the BERT vocabulary) with a realistic mix of lengths
/// from 8 to 64 tokens: 40% titles (8-16), 35% short descriptions (17-32), 25% longer descriptions (33-64).
/// </summary>
internal static class LengthMix
{
    public const string Description = "8-64 tokens (40% 8-16, 35% 17-32, 25% 33-64)";

    private const int Cls = 101;
    private const int Sep = 102;
    private const int FirstWordId = 1000;
    private const int VocabularySize = 30522;

    public static int NextLength(Random random)
    {
        var band = random.NextDouble();
        return band < 0.40 ? random.Next(8, 17) : band < 0.75 ? random.Next(17, 33) : random.Next(33, 65);
    }

    public static int[] NextSequence(Random random) => Sequence(random, NextLength(random));

    public static int[] Sequence(Random random, int length)
    {
        var sequence = new int[length];
        sequence[0] = Cls;
        sequence[^1] = Sep;
        for (var i = 1; i < sequence.Length - 1; i++)
        {
            sequence[i] = random.Next(FirstWordId, VocabularySize);
        }

        return sequence;
    }
}
