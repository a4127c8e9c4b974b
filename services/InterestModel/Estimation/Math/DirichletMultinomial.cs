namespace Recommender.InterestModel.Estimation.Math;

/// <summary>
/// The Dirichlet-multinomial (Pólya) log marginal likelihood of (possibly fractional) counts, without the
/// multinomial coefficient, which cancels in every ratio this library takes.
/// </summary>
public static class DirichletMultinomial
{
    /// <summary>
    /// ln P(counts | α) up to the multinomial coefficient: lnΓ(A) − lnΓ(A + N) + Σₖ [lnΓ(αₖ + nₖ) − lnΓ(αₖ)], where
    /// <paramref name="alphaTotal"/> = A is the sum of α over every category (including ones with no count).
    /// </summary>
    public static double LogMarginal(ReadOnlySpan<double> counts, ReadOnlySpan<double> alphas, double alphaTotal)
    {
        var total = 0.0;
        var sum = 0.0;
        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] > 0)
            {
                total += counts[k];
                sum += SpecialFunctions.LogGamma(alphas[k] + counts[k]) - SpecialFunctions.LogGamma(alphas[k]);
            }
        }
        return total > 0 ? SpecialFunctions.LogGamma(alphaTotal) - SpecialFunctions.LogGamma(alphaTotal + total) + sum : 0;
    }
}
