namespace Recommender.InterestModel.Estimation.Math;

/// <summary>
/// Seeded Gamma, Beta and Dirichlet draws (Marsaglia–Tsang). Not used for estimation, which is analytic; the
/// evaluation generator and the tests use it to simulate users and to check intervals by Monte Carlo.
/// </summary>
public sealed class GammaSampler(int seed)
{
    private readonly Random random = new(seed);

    /// <summary>A uniform draw in [0, 1).</summary>
    public double NextUniform() => random.NextDouble();

    /// <summary>A uniform integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive) => random.Next(maxExclusive);

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return System.Math.Sqrt(-2 * System.Math.Log(u1)) * System.Math.Cos(2 * System.Math.PI * u2);
    }

    /// <summary>A Gamma(shape, 1) draw.</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "shape must be positive");
        }
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a); done in log space so tiny shapes do not underflow to zero.
            var logU = System.Math.Log(1.0 - random.NextDouble());
            return System.Math.Exp(System.Math.Log(NextGamma(shape + 1)) + logU / shape);
        }
        var d = shape - 1.0 / 3;
        var c = 1 / System.Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextNormal();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || System.Math.Log(u) < 0.5 * x * x + d * (1 - v + System.Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>A Beta(a, b) draw.</summary>
    public double NextBeta(double a, double b)
    {
        var x = NextGamma(a);
        var y = NextGamma(b);
        return x / (x + y);
    }

    /// <summary>A Dirichlet(α) draw written into <paramref name="result"/>.</summary>
    public void NextDirichlet(ReadOnlySpan<double> alphas, Span<double> result)
    {
        var sum = 0.0;
        for (var k = 0; k < alphas.Length; k++)
        {
            result[k] = NextGamma(alphas[k]);
            sum += result[k];
        }
        if (sum <= 0)
        {
            // Every draw underflowed (only with absurdly small α): put the mass on the largest α.
            var best = 0;
            for (var k = 1; k < alphas.Length; k++)
            {
                if (alphas[k] > alphas[best])
                {
                    best = k;
                }
            }
            result.Clear();
            result[best] = 1;
            return;
        }
        for (var k = 0; k < alphas.Length; k++)
        {
            result[k] /= sum;
        }
    }

    /// <summary>An index drawn with the given probabilities (which must sum to about 1).</summary>
    public int NextCategorical(ReadOnlySpan<double> probabilities)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        var lastPositive = 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            if (probabilities[k] <= 0)
            {
                continue;
            }
            lastPositive = k;
            cumulative += probabilities[k];
            if (u < cumulative)
            {
                return k;
            }
        }
        return lastPositive;
    }
}
