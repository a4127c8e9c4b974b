namespace Recommender.InterestModel.Estimation.Math;

/// <summary>A Beta(α, β) distribution: quantiles, and the Beta that matches a given mean and second moment.</summary>
public readonly record struct BetaDistribution(double Alpha, double Beta)
{
    // Above this on both shapes the normal approximation is closer than the iteration's tolerance.
    private const double NormalApproximationShape = 1e6;

    /// <summary>The mean α / (α + β).</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>
    /// The Beta with the given mean E[p] and log-mean E[ln p]. A node's probability under a Dirichlet-tree posterior
    /// is a product of independent Beta variables, whose mean and log-mean are exact (products and sums of
    /// per-factor values); matching these two keeps the behaviour near zero that matters for small probabilities
    /// (matching the variance instead over-covers them). For a single factor it returns that factor exactly.
    /// Returns null when the log-mean leaves no spread (E[ln p] ≥ ln E[p]).
    /// </summary>
    public static BetaDistribution? FromMeanAndLogMean(double mean, double logMean)
    {
        if (!(mean > 0 && mean < 1) || !(logMean < System.Math.Log(mean)))
        {
            return null;
        }
        // g(ν) = ψ(m·ν) − ψ(ν) increases in the concentration ν from −∞ to ln m. Newton on u = ln ν, kept inside
        // a bracket that bisection shrinks whenever a Newton step would leave it.
        double low = -30, high = 35; // ln ν
        if (LogMeanOf(mean, System.Math.Exp(high)) < logMean)
        {
            return null; // tighter than anything representable: no visible spread
        }
        // Start from the variance-free asymptote g(ν) ≈ −(1 − m)/(m·ν) for small ν, or ln m − (1 − m)/(2m·ν) for large.
        var gap = System.Math.Log(mean) - logMean;
        var u = System.Math.Clamp(System.Math.Log((1 - mean) / (2 * mean * gap)), low, high);
        for (var i = 0; i < 100; i++)
        {
            var nu = System.Math.Exp(u);
            var value = LogMeanOf(mean, nu) - logMean;
            if (value < 0)
            {
                low = u;
            }
            else
            {
                high = u;
            }
            var slope = nu * (mean * SpecialFunctions.Trigamma(mean * nu) - SpecialFunctions.Trigamma(nu));
            var next = slope > 0 ? u - value / slope : double.NaN;
            if (!(next > low && next < high))
            {
                next = 0.5 * (low + high);
            }
            if (System.Math.Abs(next - u) < 1e-10 || high - low < 1e-12)
            {
                u = next;
                break;
            }
            u = next;
        }
        var concentration = System.Math.Exp(u);
        return new BetaDistribution(mean * concentration, (1 - mean) * concentration);
    }

    private static double LogMeanOf(double mean, double concentration) =>
        SpecialFunctions.Digamma(mean * concentration) - SpecialFunctions.Digamma(concentration);

    /// <summary>The p-quantile (inverse CDF), 0 ≤ p ≤ 1; Halley iterations as in Numerical Recipes' invbetai.</summary>
    public double Quantile(double p)
    {
        if (p <= 0)
        {
            return 0;
        }
        if (p >= 1)
        {
            return 1;
        }
        double a = Alpha, b = Beta;
        if (a > NormalApproximationShape && b > NormalApproximationShape)
        {
            var mean = a / (a + b);
            var sd = System.Math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
            return System.Math.Clamp(mean + sd * StandardNormalQuantile(p), 0, 1);
        }
        double x;
        if (a >= 1 && b >= 1)
        {
            var pp = p < 0.5 ? p : 1 - p;
            var t = System.Math.Sqrt(-2 * System.Math.Log(pp));
            x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
            if (p < 0.5)
            {
                x = -x;
            }
            var al = (x * x - 3) / 6;
            var h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
            var w = x * System.Math.Sqrt(al + h) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h));
            x = a / (a + b * System.Math.Exp(2 * w));
        }
        else
        {
            var lna = System.Math.Log(a / (a + b));
            var lnb = System.Math.Log(b / (a + b));
            var t = System.Math.Exp(a * lna) / a;
            var u = System.Math.Exp(b * lnb) / b;
            var w = t + u;
            x = p < t / w ? System.Math.Pow(a * w * p, 1 / a) : 1 - System.Math.Pow(b * w * (1 - p), 1 / b);
        }
        var logNormaliser = SpecialFunctions.LogGamma(a + b) - SpecialFunctions.LogGamma(a) - SpecialFunctions.LogGamma(b);
        for (var j = 0; j < 30; j++)
        {
            if (x <= 0 || x >= 1)
            {
                return System.Math.Clamp(x, 0, 1);
            }
            var error = SpecialFunctions.RegularizedIncompleteBeta(a, b, x, logNormaliser, 1e-12) - p;
            var density = System.Math.Exp((a - 1) * System.Math.Log(x) + (b - 1) * System.Math.Log(1 - x) + logNormaliser);
            if (!(density > 0) || double.IsInfinity(density))
            {
                break;
            }
            var u = error / density;
            var step = u / (1 - 0.5 * System.Math.Min(1, u * ((a - 1) / x - (b - 1) / (1 - x))));
            x -= step;
            if (x <= 0)
            {
                x = 0.5 * (x + step);
            }
            if (x >= 1)
            {
                x = 0.5 * (x + step + 1);
            }
            if (System.Math.Abs(step) < 1e-9 * x && j > 0)
            {
                break;
            }
        }
        return x;
    }

    /// <summary>Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double StandardNormalQuantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "needs 0 < p < 1");
        }
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = System.Math.Sqrt(-2 * System.Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = System.Math.Sqrt(-2 * System.Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
