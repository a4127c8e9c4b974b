namespace Recommender.InterestModel.Signals;

/// <summary>Ranking signals of one candidate item for one user.</summary>
/// <param name="ItemId">The candidate.</param>
/// <param name="Known">False when the model has never seen the item (every signal is then 0).</param>
/// <param name="CoVisitation">Sum of the decayed co-visitation counts between the candidate and the user's recent items.</param>
/// <param name="CoVisitedWith">The recent item with the largest co-visitation (a reason: "people who viewed X"), or null.</param>
/// <param name="Popularity">The candidate's decayed, action-weighted interaction mass.</param>
/// <param name="PopularityShare">Its share of all items' decayed interaction mass, in [0, 1].</param>
public sealed record ItemSignals(
    string ItemId,
    bool Known,
    double CoVisitation,
    string? CoVisitedWith,
    double Popularity,
    double PopularityShare);
