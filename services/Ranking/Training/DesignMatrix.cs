using Recommender.Ranking.Features;

namespace Recommender.Ranking.Training;

/// <summary>
/// The standardised model inputs of every candidate in the usable lists, one row each:
/// [bias] [standardised feature values, 0 when absent] [missing indicators].
/// </summary>
internal sealed class DesignMatrix
{
    private readonly double[] _values;

    private DesignMatrix(double[] values, int columns, bool[] labels, int[] listStarts, int biasColumn, int[] featureColumns, int[] missingColumns)
    {
        _values = values;
        Columns = columns;
        Labels = labels;
        ListStarts = listStarts;
        BiasColumn = biasColumn;
        FeatureColumns = featureColumns;
        MissingColumns = missingColumns;
    }

    public int Columns { get; }

    public int Rows => Labels.Length;

    public int Lists => ListStarts.Length - 1;

    /// <summary>Whether each row is a positive.</summary>
    public bool[] Labels { get; }

    /// <summary>First row of each list, plus the row count at the end.</summary>
    public int[] ListStarts { get; }

    /// <summary>The bias column, or -1 when the objective has none.</summary>
    public int BiasColumn { get; }

    /// <summary>Column of each feature's standardised value, -1 when not used.</summary>
    public int[] FeatureColumns { get; }

    /// <summary>Column of each feature's missing indicator, -1 when not fitted.</summary>
    public int[] MissingColumns { get; }

    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Columns, Columns);

    /// <summary>Lays out the rows of <paramref name="lists"/> with the given standardisation.</summary>
    public static DesignMatrix Build(
        IReadOnlyList<TrainingList> lists, IReadOnlyList<RankingFeature> features, IReadOnlyList<(double Mean, double StdDev)> statistics,
        bool withBias, bool withMissing)
    {
        var columns = 0;
        var biasColumn = withBias ? columns++ : -1;
        var featureColumns = Enumerable.Repeat(-1, RankingFeatures.Count).ToArray();
        var missingColumns = Enumerable.Repeat(-1, RankingFeatures.Count).ToArray();
        foreach (var feature in features)
        {
            featureColumns[(int)feature] = columns++;
        }
        if (withMissing)
        {
            foreach (var feature in features)
            {
                missingColumns[(int)feature] = columns++;
            }
        }

        var rows = lists.Sum(l => l.Candidates.Count);
        var values = new double[rows * columns];
        var labels = new bool[rows];
        var listStarts = new int[lists.Count + 1];
        var row = 0;
        for (var l = 0; l < lists.Count; l++)
        {
            listStarts[l] = row;
            var list = lists[l];
            foreach (var positive in list.Positives)
            {
                labels[row + positive] = true;
            }
            foreach (var candidate in list.Candidates)
            {
                var offset = row * columns;
                if (biasColumn >= 0)
                {
                    values[offset + biasColumn] = 1;
                }
                for (var f = 0; f < features.Count; f++)
                {
                    var feature = features[f];
                    if (candidate[feature] is { } raw)
                    {
                        values[offset + featureColumns[(int)feature]] = (RankingFeatures.Transform(feature, raw) - statistics[f].Mean) / statistics[f].StdDev;
                    }
                    else if (withMissing)
                    {
                        values[offset + missingColumns[(int)feature]] = 1;
                    }
                }
                row++;
            }
        }
        listStarts[lists.Count] = row;
        return new DesignMatrix(values, columns, labels, listStarts, biasColumn, featureColumns, missingColumns);
    }
}
