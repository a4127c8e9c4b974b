using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestModel.Tests;

public sealed class PriorFitterTests
{
    private static PriorFitData DirichletMultinomialData(double[] alphas, int users, int countsPerUser, int seed, int node = 0, PriorFitData? into = null)
    {
        var data = into ?? new PriorFitData();
        var sampler = new GammaSampler(seed);
        var theta = new double[alphas.Length];
        var keys = Enumerable.Range(1, alphas.Length).ToArray();
        for (var u = 0; u < users; u++)
        {
            sampler.NextDirichlet(alphas, theta);
            var counts = new double[alphas.Length];
            for (var e = 0; e < countsPerUser; e++)
            {
                counts[sampler.NextCategorical(theta)]++;
            }
            data.BeginUser();
            data.Add(node, 0, keys, counts);
        }
        return data;
    }

    [Fact]
    public void Recovers_known_pseudo_counts()
    {
        double[] truth = [3.0, 1.5, 0.5];
        var data = DirichletMultinomialData(truth, users: 3000, countsPerUser: 15, seed: 3);
        var prior = PriorFitter.Fit(data, new EstimationOptions());
        var fitted = prior.FittedAlphas(0)!;
        for (var k = 0; k < truth.Length; k++)
        {
            Assert.Equal(truth[k], fitted[k + 1], truth[k] * 0.12);
        }
        Assert.Equal(5.0, fitted.Values.Sum(), 0.5);
    }

    [Fact]
    public void A_node_with_few_users_takes_its_level_strength()
    {
        var data = DirichletMultinomialData([4.0, 4.0], users: 2000, countsPerUser: 10, seed: 4, node: 1);
        DirichletMultinomialData([1.0, 3.0], users: 5, countsPerUser: 10, seed: 5, node: 2, into: data);
        var options = new EstimationOptions { MinUsersForNodePrior = 20 };
        var prior = PriorFitter.Fit(data, options);
        var level = prior.Summary!.Levels.Single();
        Assert.Equal(1, level.NodesFittedIndividually);
        Assert.Equal(1, level.NodesWithLevelStrength);
        Assert.Equal(level.LevelStrength, prior.FittedAlphas(2)!.Values.Sum(), 1e-6);
        Assert.Equal(8.0, prior.FittedAlphas(1)!.Values.Sum(), 1.2);
    }

    [Fact]
    public void Users_identical_to_the_population_push_the_strength_to_its_bound()
    {
        var data = new PriorFitData();
        for (var u = 0; u < 200; u++)
        {
            data.BeginUser();
            data.Add(0, 0, [1, 2], [10, 10]); // no over-dispersion at all
        }
        var options = new EstimationOptions { MaxPriorStrength = 500 };
        var prior = PriorFitter.Fit(data, options);
        Assert.Equal(500, prior.FittedAlphas(0)!.Values.Sum(), 1.0);
    }
}
