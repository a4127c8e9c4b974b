using Grpc.Core;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Gateway.Tests.Infrastructure;

/// <summary>Recommend calls through the gateway, one after another, recording how each ended.</summary>
public sealed class SteadyLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Outcome> _outcomes = new();

    public SteadyLoad(RecommenderClient client, IReadOnlyList<string> users)
    {
        _loop = Task.Run(async () =>
        {
            var i = 0;
            while (!_stop.IsCancellationRequested)
            {
                var user = users[i++ % users.Count];
                var started = DateTime.UtcNow;
                Outcome outcome;
                try
                {
                    var response = await client.RecommendAsync(new RecommendRequest { UserId = user, K = 5 }, Cluster.Key(Cluster.ReadKey), DateTime.UtcNow.AddSeconds(5));
                    outcome = new Outcome(started, StatusCode.OK, response.Degradations.Select(d => d.Component).ToList(), response.Items.Count, "");
                }
                catch (RpcException e)
                {
                    outcome = new Outcome(started, e.StatusCode, [], 0, e.Status.Detail);
                }
                lock (_outcomes)
                {
                    _outcomes.Add(outcome);
                }
                await Task.Delay(20);
            }
        });
    }

    public IReadOnlyList<Outcome> Since(DateTime from)
    {
        lock (_outcomes)
        {
            return _outcomes.Where(o => o.Started >= from).ToList();
        }
    }

    /// <summary>Waits until a call started after <paramref name="from"/> matches.</summary>
    public async Task<Outcome> WaitForAsync(DateTime from, Func<Outcome, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Since(from).FirstOrDefault(condition) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No call since {from:O} matched within {timeout}; last: {string.Join("; ", Since(from).TakeLast(5))}");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
    }

    public sealed record Outcome(DateTime Started, StatusCode Status, IReadOnlyList<string> Degradations, int Items, string Detail);
}
