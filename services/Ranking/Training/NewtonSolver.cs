namespace Recommender.Ranking.Training;

/// <summary>
/// Minimises loss(θ) + (λ/2) Σ_{j penalised} θ_j² by Newton's method with a backtracking (Armijo)
/// line search, starting from θ = 0. The objectives are convex and the penalty makes them strictly
/// convex, so the minimum is unique and the result deterministic.
/// </summary>
internal static class NewtonSolver
{
    public sealed record Result(double[] Theta, double Objective, int Iterations, bool Converged);

    public static Result Minimise(TrainingLoss loss, int dimension, double l2, int unpenalisedColumn, int maxIterations, double tolerance)
    {
        var theta = new double[dimension];
        var gradient = new double[dimension];
        var hessian = new double[dimension * dimension];
        var objective = 0.0;
        for (var iteration = 0; ; iteration++)
        {
            Array.Clear(gradient);
            Array.Clear(hessian);
            objective = loss.Evaluate(theta, gradient, hessian) + Penalty(theta, l2, unpenalisedColumn);
            for (var j = 0; j < dimension; j++)
            {
                if (j != unpenalisedColumn)
                {
                    gradient[j] += l2 * theta[j];
                    hessian[j * dimension + j] += l2;
                }
            }
            if (iteration == maxIterations)
            {
                return new Result(theta, objective, iteration, Converged: false);
            }

            var step = SolveCholesky(hessian, gradient, dimension);
            var slope = 0.0;
            for (var j = 0; j < dimension; j++)
            {
                step[j] = -step[j];
                slope += gradient[j] * step[j];
            }
            // Newton decrement: gᵀH⁻¹g / 2 predicts how much the objective can still fall. Unlike a
            // gradient threshold it does not depend on the data's scale or on rounding in large sums.
            if (-slope / 2 < tolerance)
            {
                return new Result(theta, objective, iteration, Converged: true);
            }
            var candidate = new double[dimension];
            var improved = false;
            for (var t = 1.0; t > 1e-12; t /= 2)
            {
                for (var j = 0; j < dimension; j++)
                {
                    candidate[j] = theta[j] + t * step[j];
                }
                var value = loss.Evaluate(candidate, null, null) + Penalty(candidate, l2, unpenalisedColumn);
                if (value <= objective + 1e-4 * t * slope)
                {
                    improved = true;
                    break;
                }
            }
            if (!improved)
            {
                // The predicted decrease is above the tolerance but no step realises it: report a stall.
                return new Result(theta, objective, iteration, Converged: false);
            }
            theta = candidate;
        }
    }

    private static double Penalty(double[] theta, double l2, int unpenalisedColumn)
    {
        var sum = 0.0;
        for (var j = 0; j < theta.Length; j++)
        {
            if (j != unpenalisedColumn)
            {
                sum += theta[j] * theta[j];
            }
        }
        return 0.5 * l2 * sum;
    }

    /// <summary>Solves H x = b for a symmetric positive definite H (row-major).</summary>
    private static double[] SolveCholesky(double[] matrix, double[] rightHandSide, int n)
    {
        var lower = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i * n + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[i * n + k] * lower[j * n + k];
                }
                if (i == j)
                {
                    // The penalty keeps H positive definite; the floor only guards against rounding.
                    lower[i * n + i] = Math.Sqrt(Math.Max(sum, 1e-12));
                }
                else
                {
                    lower[i * n + j] = sum / lower[j * n + j];
                }
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = rightHandSide[i];
            for (var k = 0; k < i; k++)
            {
                sum -= lower[i * n + k] * y[k];
            }
            y[i] = sum / lower[i * n + i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= lower[k * n + i] * x[k];
            }
            x[i] = sum / lower[i * n + i];
        }
        return x;
    }
}
