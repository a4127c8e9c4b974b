namespace Recommender.CandidateRetrieval.Index;

/// <summary>A slot and its similarity to the current query.</summary>
internal struct ScoredNode(float score, int id)
{
    public float Score = score;
    public int Id = id;
}
