namespace Recommender.InterestModel.Estimation;

/// <summary>What one empirical-Bayes fit found at one depth of the tree.</summary>
/// <param name="Depth">Depth of the nodes whose children the pseudo-counts cover (0 = the root's children).</param>
/// <param name="NodesFittedIndividually">Nodes with enough users for their own fit.</param>
/// <param name="NodesWithLevelStrength">Nodes that took the level's strength and their pooled centre.</param>
/// <param name="LevelStrength">Strength fitted jointly over all nodes of the depth.</param>
/// <param name="MedianNodeStrength">Median strength of the individually fitted nodes (NaN if none).</param>
public sealed record PriorLevelFit(int Depth, int NodesFittedIndividually, int NodesWithLevelStrength, double LevelStrength, double MedianNodeStrength);

/// <summary>Summary of an empirical-Bayes fit of the population prior.</summary>
/// <param name="Users">Users whose evidence was used.</param>
/// <param name="Levels">Per depth, what was fitted.</param>
public sealed record PriorFitSummary(int Users, IReadOnlyList<PriorLevelFit> Levels)
{
    internal void Write(BinaryWriter writer)
    {
        writer.Write(Users);
        writer.Write(Levels.Count);
        foreach (var level in Levels)
        {
            writer.Write(level.Depth);
            writer.Write(level.NodesFittedIndividually);
            writer.Write(level.NodesWithLevelStrength);
            writer.Write(level.LevelStrength);
            writer.Write(level.MedianNodeStrength);
        }
    }

    internal static PriorFitSummary Read(BinaryReader reader)
    {
        var users = reader.ReadInt32();
        var count = reader.ReadInt32();
        var levels = new List<PriorLevelFit>(count);
        for (var i = 0; i < count; i++)
        {
            levels.Add(new PriorLevelFit(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble()));
        }
        return new PriorFitSummary(users, levels);
    }
}
