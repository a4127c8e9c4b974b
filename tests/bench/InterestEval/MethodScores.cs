namespace Recommender.InterestEval;

/// <summary>Accumulated accuracy of one method against the truth at levels 1 and 2.</summary>
internal sealed class MethodScores(string name)
{
    public string Name { get; } = name;

    public Mean Js1 { get; } = new();

    public Mean Js2 { get; } = new();

    public Mean Recall3 { get; } = new();

    public Mean Coverage1 { get; } = new();

    public Mean Coverage2 { get; } = new();

    public void Add(Estimate estimate, double[] truth, int[] level1, int[] level2)
    {
        var t1 = level1.Select(i => truth[i]).ToArray();
        var t2 = level2.Select(i => truth[i]).ToArray();
        var e1 = level1.Select(i => estimate.Probability[i]).ToArray();
        var e2 = level2.Select(i => estimate.Probability[i]).ToArray();
        Js1.Add(Metrics.JensenShannon(t1, e1));
        Js2.Add(Metrics.JensenShannon(t2, e2));
        Recall3.Add(Metrics.RecallAtK(t2, e2, 3));
        if (estimate.Lower is { } lower && estimate.Upper is { } upper)
        {
            foreach (var i in level1)
            {
                Coverage1.Add(truth[i] >= lower[i] && truth[i] <= upper[i]);
            }
            foreach (var i in level2)
            {
                Coverage2.Add(truth[i] >= lower[i] && truth[i] <= upper[i]);
            }
        }
    }
}
