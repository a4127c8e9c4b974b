namespace Recommender.Ranking.Model;

/// <summary>The loss a linear ranking model was fitted with.</summary>
public enum TrainingObjective
{
    /// <summary>Pointwise logistic regression: each candidate is relevant or not.</summary>
    Logistic,

    /// <summary>Pairwise (BPR): log σ(s(positive) − s(negative)) over the pairs of each list; no bias.</summary>
    Pairwise,

    /// <summary>Listwise softmax (conditional logit): log P(positive | list) = s(positive) − log Σ exp s; no bias.</summary>
    Softmax,
}
