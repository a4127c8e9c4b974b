namespace Recommender.InterestModel.Domain;

/// <summary>What a user did with an item. Each kind has a configurable weight; a rating's weight depends on its value.</summary>
public enum ActionKind
{
    /// <summary>The item was shown in detail.</summary>
    View = 0,
    /// <summary>The user clicked through to the item.</summary>
    Click = 1,
    /// <summary>The item was put in a cart.</summary>
    Cart = 2,
    /// <summary>The item was bought.</summary>
    Purchase = 3,
    /// <summary>The user rated the item; <see cref="InterestEvent.RatingValue"/> carries the value.</summary>
    Rating = 4,
}
