using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.Engine;

/// <summary>
/// Snapshot framing: a magic number, a format version, and the decay settings the stored masses depend on (a
/// snapshot cannot be reinterpreted under other half-lives; rebuild from the event log instead).
/// </summary>
internal static class EngineSnapshot
{
    public const uint Magic = 0x534D4952; // "RIMS"
    public const uint EndMarker = 0x444E4549; // "IEND"
    public const int Version = 3; // 2: recent visits carry their action; 3: users carry their interest history

    public static void WriteHeader(BinaryWriter writer, InterestModelOptions options)
    {
        writer.Write(Magic);
        writer.Write(Version);
        foreach (var (_, value) in DecaySettings(options))
        {
            writer.Write(value);
        }
    }

    public static void ReadHeader(BinaryReader reader, InterestModelOptions options)
    {
        if (reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("not an interest-model snapshot (wrong magic number)");
        }
        var version = reader.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"interest-model snapshot version {version} is not supported (expected {Version})");
        }
        foreach (var (name, value) in DecaySettings(options))
        {
            var stored = reader.ReadDouble();
            if (stored != value)
            {
                throw new InvalidDataException(
                    $"the snapshot was written with {name} = {Describe(name, stored)}, the configuration says " +
                    $"{Describe(name, value)}; rebuild the state from the event log");
            }
        }
    }

    private static string Describe(string name, double value) =>
        name.EndsWith("HalfLife", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(value).ToString() : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (string Name, double Milliseconds)[] DecaySettings(InterestModelOptions options) =>
    [
        ("Estimation.LongTermHalfLife", options.Estimation.LongTermHalfLife.TotalMilliseconds),
        ("Estimation.ShortTermHalfLife", options.Estimation.ShortTermHalfLife.TotalMilliseconds),
        ("Signals.CoVisitationHalfLife", options.Signals.CoVisitationHalfLife.TotalMilliseconds),
        ("Signals.PopularityHalfLife", options.Signals.PopularityHalfLife.TotalMilliseconds),
        // Not a time, but the history's cells are of categories at this depth: another depth needs a rebuild too.
        ("History.Depth", options.History.Depth),
    ];
}
