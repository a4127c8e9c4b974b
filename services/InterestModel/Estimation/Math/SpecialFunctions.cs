namespace Recommender.InterestModel.Estimation.Math;

/// <summary>Log-gamma, digamma and the regularised incomplete beta function, to double precision.</summary>
public static class SpecialFunctions
{
    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    private static readonly double HalfLogTwoPi = 0.5 * System.Math.Log(2 * System.Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7; relative error about 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs a positive argument");
        }
        if (x < 0.5)
        {
            // Reflection keeps the series in its accurate range.
            return System.Math.Log(System.Math.PI / System.Math.Sin(System.Math.PI * x)) - LogGamma(1 - x);
        }
        x -= 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (x + i);
        }
        var t = x + 7.5;
        return HalfLogTwoPi + (x + 0.5) * System.Math.Log(t) - t + System.Math.Log(sum);
    }

    /// <summary>ψ(x) = d/dx ln Γ(x) for x &gt; 0 (recurrence to x ≥ 10, then the asymptotic series).</summary>
    public static double Digamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Digamma needs a positive argument");
        }
        var result = 0.0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }
        var f = 1 / (x * x);
        var series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
        return result + System.Math.Log(x) - 0.5 / x - series;
    }

    /// <summary>ψ'(x), the trigamma function, for x &gt; 0 (recurrence to x ≥ 10, then the asymptotic series).</summary>
    public static double Trigamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Trigamma needs a positive argument");
        }
        var result = 0.0;
        while (x < 10)
        {
            result += 1 / (x * x);
            x += 1;
        }
        var f = 1 / (x * x);
        var series = 1 / x + f / 2 + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30))));
        return result + series;
    }

    /// <summary>The regularised incomplete beta function I_x(a, b) for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(a > 0) || !(b > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), $"RegularizedIncompleteBeta needs a, b > 0, got {a}, {b}");
        }
        return RegularizedIncompleteBeta(a, b, x, LogGamma(a + b) - LogGamma(a) - LogGamma(b), 1e-15);
    }

    /// <summary>
    /// I_x(a, b) with the precomputed ln(1/B(a, b)) = lnΓ(a + b) − lnΓ(a) − lnΓ(b) and a relative tolerance for the
    /// continued fraction; for callers that evaluate many x with the same a, b.
    /// </summary>
    internal static double RegularizedIncompleteBeta(double a, double b, double x, double logInverseBeta, double tolerance)
    {
        if (x <= 0)
        {
            return 0;
        }
        if (x >= 1)
        {
            return 1;
        }
        var front = System.Math.Exp(logInverseBeta + a * System.Math.Log(x) + b * System.Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x, tolerance) / a
            : 1 - front * BetaContinuedFraction(b, a, 1 - x, tolerance) / b;
    }

    // Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes, 3rd ed., 6.4).
    private static double BetaContinuedFraction(double a, double b, double x, double epsilon)
    {
        const double tiny = 1e-300;
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - qab * x / qap;
        if (System.Math.Abs(d) < tiny)
        {
            d = tiny;
        }
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 100_000; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (System.Math.Abs(d) < tiny)
            {
                d = tiny;
            }
            c = 1 + aa / c;
            if (System.Math.Abs(c) < tiny)
            {
                c = tiny;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (System.Math.Abs(d) < tiny)
            {
                d = tiny;
            }
            c = 1 + aa / c;
            if (System.Math.Abs(c) < tiny)
            {
                c = tiny;
            }
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (System.Math.Abs(delta - 1) < epsilon)
            {
                break;
            }
        }
        return h;
    }
}
