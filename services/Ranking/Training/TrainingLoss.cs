using Recommender.Ranking.Model;

namespace Recommender.Ranking.Training;

/// <summary>
/// The data term of a training objective (without the penalty), with its gradient and Hessian.
/// Each list weighs the same; logistic optionally balances classes within a list.
/// </summary>
internal abstract class TrainingLoss(DesignMatrix data)
{
    protected DesignMatrix Data { get; } = data;

    /// <summary>Mean loss at <paramref name="theta"/>; adds the gradient and Hessian (row-major, d×d) when given.</summary>
    public abstract double Evaluate(double[] theta, double[]? gradient, double[]? hessian);

    public static TrainingLoss For(TrainingObjective objective, DesignMatrix data, bool balanceClasses) => objective switch
    {
        TrainingObjective.Logistic => new LogisticLoss(data, balanceClasses),
        TrainingObjective.Pairwise => new PairwiseLoss(data),
        TrainingObjective.Softmax => new SoftmaxLoss(data),
        _ => throw new ArgumentOutOfRangeException(nameof(objective)),
    };

    protected static double Dot(double[] theta, ReadOnlySpan<double> row)
    {
        var sum = 0.0;
        for (var j = 0; j < row.Length; j++)
        {
            sum += theta[j] * row[j];
        }
        return sum;
    }

    /// <summary>log(1 + e^s) without overflow.</summary>
    protected static double Softplus(double s) => s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s));

    protected static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));

    protected static void AddScaled(double[] target, double scale, ReadOnlySpan<double> x)
    {
        for (var j = 0; j < x.Length; j++)
        {
            target[j] += scale * x[j];
        }
    }

    protected static void AddOuter(double[] hessian, double scale, ReadOnlySpan<double> x)
    {
        var d = x.Length;
        for (var i = 0; i < d; i++)
        {
            var xi = scale * x[i];
            if (xi == 0)
            {
                continue;
            }
            var rowOffset = i * d;
            for (var j = 0; j < d; j++)
            {
                hessian[rowOffset + j] += xi * x[j];
            }
        }
    }

    protected static void Scale(double[]? values, double factor)
    {
        if (values is null)
        {
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}

/// <summary>Pointwise: Σ ω (log(1 + e^s) − y s) / Σ ω.</summary>
internal sealed class LogisticLoss : TrainingLoss
{
    private readonly double[] _rowWeights;
    private readonly double _totalWeight;

    public LogisticLoss(DesignMatrix data, bool balanceClasses) : base(data)
    {
        _rowWeights = new double[data.Rows];
        for (var l = 0; l < data.Lists; l++)
        {
            int start = data.ListStarts[l], end = data.ListStarts[l + 1];
            var positives = 0;
            for (var r = start; r < end; r++)
            {
                positives += data.Labels[r] ? 1 : 0;
            }
            var negatives = end - start - positives;
            for (var r = start; r < end; r++)
            {
                _rowWeights[r] = !balanceClasses ? 1 : data.Labels[r] ? 0.5 / positives : 0.5 / negatives;
            }
        }
        _totalWeight = _rowWeights.Sum();
    }

    public override double Evaluate(double[] theta, double[]? gradient, double[]? hessian)
    {
        var loss = 0.0;
        for (var r = 0; r < Data.Rows; r++)
        {
            var x = Data.Row(r);
            var s = Dot(theta, x);
            var y = Data.Labels[r] ? 1.0 : 0.0;
            var w = _rowWeights[r];
            loss += w * (Softplus(s) - y * s);
            if (gradient is not null)
            {
                var p = Sigmoid(s);
                AddScaled(gradient, w * (p - y), x);
                AddOuter(hessian!, w * p * (1 - p), x);
            }
        }
        Scale(gradient, 1 / _totalWeight);
        Scale(hessian, 1 / _totalWeight);
        return loss / _totalWeight;
    }
}

/// <summary>Pairwise (BPR): per list, the mean over (positive, negative) pairs of log(1 + e^−(s⁺ − s⁻)).</summary>
internal sealed class PairwiseLoss(DesignMatrix data) : TrainingLoss(data)
{
    public override double Evaluate(double[] theta, double[]? gradient, double[]? hessian)
    {
        var loss = 0.0;
        var difference = new double[Data.Columns];
        var scores = new double[Data.Rows];
        for (var r = 0; r < Data.Rows; r++)
        {
            scores[r] = Dot(theta, Data.Row(r));
        }
        for (var l = 0; l < Data.Lists; l++)
        {
            int start = Data.ListStarts[l], end = Data.ListStarts[l + 1];
            var positives = 0;
            for (var r = start; r < end; r++)
            {
                positives += Data.Labels[r] ? 1 : 0;
            }
            var pairWeight = 1.0 / (positives * (end - start - positives));
            for (var p = start; p < end; p++)
            {
                if (!Data.Labels[p])
                {
                    continue;
                }
                for (var n = start; n < end; n++)
                {
                    if (Data.Labels[n])
                    {
                        continue;
                    }
                    var margin = scores[p] - scores[n];
                    loss += pairWeight * Softplus(-margin);
                    if (gradient is not null)
                    {
                        var positiveRow = Data.Row(p);
                        var negativeRow = Data.Row(n);
                        for (var j = 0; j < difference.Length; j++)
                        {
                            difference[j] = positiveRow[j] - negativeRow[j];
                        }
                        var sigma = Sigmoid(margin);
                        AddScaled(gradient, pairWeight * (sigma - 1), difference);
                        AddOuter(hessian!, pairWeight * sigma * (1 - sigma), difference);
                    }
                }
            }
        }
        Scale(gradient, 1.0 / Data.Lists);
        Scale(hessian, 1.0 / Data.Lists);
        return loss / Data.Lists;
    }
}

/// <summary>Listwise softmax: per list, the mean over positives of log Σ_i e^{s_i} − s⁺.</summary>
internal sealed class SoftmaxLoss(DesignMatrix data) : TrainingLoss(data)
{
    public override double Evaluate(double[] theta, double[]? gradient, double[]? hessian)
    {
        var loss = 0.0;
        var d = Data.Columns;
        var expected = new double[d];
        var positiveMean = new double[d];
        var scores = new double[Data.Rows];
        for (var l = 0; l < Data.Lists; l++)
        {
            int start = Data.ListStarts[l], end = Data.ListStarts[l + 1];
            var max = double.NegativeInfinity;
            for (var r = start; r < end; r++)
            {
                scores[r] = Dot(theta, Data.Row(r));
                max = Math.Max(max, scores[r]);
            }
            var sum = 0.0;
            for (var r = start; r < end; r++)
            {
                sum += Math.Exp(scores[r] - max);
            }
            var logSumExp = max + Math.Log(sum);
            var positives = 0;
            var positiveScores = 0.0;
            for (var r = start; r < end; r++)
            {
                if (Data.Labels[r])
                {
                    positives++;
                    positiveScores += scores[r];
                }
            }
            loss += logSumExp - positiveScores / positives;
            if (gradient is null)
            {
                continue;
            }
            Array.Clear(expected);
            Array.Clear(positiveMean);
            for (var r = start; r < end; r++)
            {
                var x = Data.Row(r);
                var p = Math.Exp(scores[r] - logSumExp);
                AddScaled(expected, p, x);
                AddOuter(hessian!, p, x);
                if (Data.Labels[r])
                {
                    AddScaled(positiveMean, 1.0 / positives, x);
                }
            }
            for (var j = 0; j < d; j++)
            {
                gradient[j] += expected[j] - positiveMean[j];
            }
            AddOuter(hessian!, -1, expected);
        }
        Scale(gradient, 1.0 / Data.Lists);
        Scale(hessian, 1.0 / Data.Lists);
        return loss / Data.Lists;
    }
}
