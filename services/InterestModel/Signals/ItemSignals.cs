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
    double PopularityShare)
{
    /// <summary>
    /// Sum over the user's recent items of the candidate's share of that item's co-visitation (each term in [0, 1]):
    /// how strongly the user's recent items lead to the candidate, comparable across popular and niche items.
    /// </summary>
    public double NormalisedCoVisitation { get; init; }

    /// <summary>The recent items behind <see cref="NormalisedCoVisitation"/> with their terms, largest first.</summary>
    public IReadOnlyList<CoVisitationSource> Sources { get; init; } = [];

    /// <summary>Popularity relative to the most popular item, in [0, 1].</summary>
    public double RelativePopularity { get; init; }

    /// <summary>Value equality, <see cref="Sources"/> compared element by element.</summary>
    public bool Equals(ItemSignals? other) =>
        other is not null
        && ItemId == other.ItemId
        && Known == other.Known
        && CoVisitation.Equals(other.CoVisitation)
        && CoVisitedWith == other.CoVisitedWith
        && Popularity.Equals(other.Popularity)
        && PopularityShare.Equals(other.PopularityShare)
        && NormalisedCoVisitation.Equals(other.NormalisedCoVisitation)
        && RelativePopularity.Equals(other.RelativePopularity)
        && Sources.SequenceEqual(other.Sources);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ItemId, Known, CoVisitation, Popularity);
}

/// <summary>A recent item of the user and its part of a candidate's normalised co-visitation.</summary>
/// <param name="ItemId">The user's recent item.</param>
/// <param name="Weight">The candidate's share of that item's co-visitation, in [0, 1].</param>
public sealed record CoVisitationSource(string ItemId, double Weight);

/// <summary>An item ranked by decayed popularity.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="CategoryPath">Its (first) category path.</param>
/// <param name="RelativePopularity">Popularity relative to the most popular item overall, in [0, 1].</param>
/// <param name="Popularity">Decayed, action-weighted interaction mass at the time asked.</param>
public sealed record PopularItem(string ItemId, string CategoryPath, double RelativePopularity, double Popularity);

/// <summary>An item co-visited with a user's recent items: the sum of its share of each recent item's co-visits.</summary>
public sealed record CovisitedItem(string ItemId, double Score);
