using Google.Protobuf;
using Recommender.Ranking.Features;

namespace Recommender.RankingTrainer.Snapshots;

/// <summary>
/// Reads and writes a snapshot: a <see cref="SnapshotHeader"/> then one <see cref="SnapshotList"/> per user, each
/// length-delimited. Written to a temporary file and renamed, so a reader never sees half a snapshot.
/// </summary>
public static class SnapshotFile
{
    public const int FormatVersion = 1;

    public static void Write(string path, DateTimeOffset takenAt, IEnumerable<SnapshotList> lists)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var stream = File.Create(temporary))
        {
            var header = new SnapshotHeader { FormatVersion = FormatVersion, TakenUnixMs = takenAt.ToUnixTimeMilliseconds() };
            header.FeatureNames.AddRange(RankingFeatures.All.Select(RankingFeatures.Name));
            header.WriteDelimitedTo(stream);
            foreach (var list in lists)
            {
                list.WriteDelimitedTo(stream);
            }
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The snapshot at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a snapshot this build reads.</exception>
    public static (DateTimeOffset TakenAt, List<SnapshotList> Lists)? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var stream = File.OpenRead(path);
        var header = SnapshotHeader.Parser.ParseDelimitedFrom(stream);
        var expected = RankingFeatures.All.Select(RankingFeatures.Name).ToList();
        if (header.FormatVersion != FormatVersion || !header.FeatureNames.SequenceEqual(expected))
        {
            throw new InvalidDataException($"{path} is a snapshot of format {header.FormatVersion} with features [{string.Join(", ", header.FeatureNames)}]; " +
                $"this trainer reads format {FormatVersion} with [{string.Join(", ", expected)}]. Delete it; the next run takes a new one.");
        }
        var lists = new List<SnapshotList>();
        while (stream.Position < stream.Length)
        {
            lists.Add(SnapshotList.Parser.ParseDelimitedFrom(stream));
        }
        return (DateTimeOffset.FromUnixTimeMilliseconds(header.TakenUnixMs), lists);
    }

    /// <summary>A snapshot list from the pipeline's candidates and their features.</summary>
    public static SnapshotList ListOf(string userId, DateTimeOffset lastEvent, IReadOnlyList<string> itemIds, IReadOnlyList<FeatureVector> features)
    {
        var list = new SnapshotList { UserId = userId, LastEventUnixMs = lastEvent.ToUnixTimeMilliseconds() };
        list.ItemIds.AddRange(itemIds);
        foreach (var vector in features)
        {
            foreach (var feature in RankingFeatures.All)
            {
                list.Features.Add(vector[feature] ?? double.NaN);
            }
        }
        return list;
    }

    /// <summary>The feature vectors of a list, in candidate order.</summary>
    public static List<FeatureVector> FeaturesOf(SnapshotList list)
    {
        var count = RankingFeatures.Count;
        if (list.Features.Count != list.ItemIds.Count * count)
        {
            throw new InvalidDataException($"the snapshot list of {list.UserId} has {list.Features.Count} feature values for {list.ItemIds.Count} candidates (expected {count} each)");
        }
        var vectors = new List<FeatureVector>(list.ItemIds.Count);
        for (var c = 0; c < list.ItemIds.Count; c++)
        {
            var values = RankingFeatures.All
                .Select(f => (Feature: f, Value: list.Features[c * count + (int)f]))
                .Where(p => !double.IsNaN(p.Value))
                .ToArray();
            vectors.Add(FeatureVector.Of(values));
        }
        return vectors;
    }
}
