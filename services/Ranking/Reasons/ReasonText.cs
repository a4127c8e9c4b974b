using System.Globalization;
using UserAction = Recommender.Contracts.V1.Action;

namespace Recommender.Ranking.Reasons;

/// <summary>The words of reasons.</summary>
public static class ReasonText
{
    /// <summary>"34%" (rounded to a whole percent; "&lt;1%" for a small positive share).</summary>
    public static string Percent(double probability)
    {
        var percent = Math.Round(probability * 100, MidpointRounding.AwayFromZero);
        return percent == 0 && probability > 0 ? "<1%" : percent.ToString("0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>
    /// The verb phrase for what the user did, with {0} standing for the title(s): "viewed {0}",
    /// "bought {0}", "rated {0}", "added {0} to your cart"; "liked {0}" when the action is unknown.
    /// </summary>
    public static string VerbPhrase(UserAction action) => action switch
    {
        UserAction.View or UserAction.Click => "viewed {0}",
        UserAction.Cart => "added {0} to your cart",
        UserAction.Purchase => "bought {0}",
        UserAction.Rating => "rated {0}",
        _ => "liked {0}",
    };

    /// <summary>"Because you viewed Heat and Ronin", or "Because you viewed Heat and bought Ronin" when the actions differ.</summary>
    public static string BecauseYou(IReadOnlyList<(string Title, UserAction Action)> cited)
    {
        if (cited.All(c => SamePhrase(c.Action, cited[0].Action)))
        {
            return "Because you " + string.Format(CultureInfo.InvariantCulture, VerbPhrase(cited[0].Action), string.Join(" and ", cited.Select(c => c.Title)));
        }
        return "Because you " + string.Join(" and ", cited.Select(c => string.Format(CultureInfo.InvariantCulture, VerbPhrase(c.Action), c.Title)));
    }

    private static bool SamePhrase(UserAction a, UserAction b) => VerbPhrase(a) == VerbPhrase(b);

    /// <summary>"Similar to Heat (cosine 0.82)".</summary>
    public static string SimilarTo(string title, double cosine) => string.Create(CultureInfo.InvariantCulture, $"Similar to {title} (cosine {cosine:F2})");
}
