using Recommender.Gateway.Auth;

namespace Recommender.Gateway;

/// <summary>The gateway's configuration (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Backend services by name: encoder, interest-model, candidate-retrieval, ranking.</summary>
    public Dictionary<string, BackendOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RecommendOptions Recommend { get; set; } = new();

    public ResilienceOptions Resilience { get; set; } = new();

    /// <summary>Who may call the gateway (section <c>Gateway:Auth</c>).</summary>
    public ApiKeyOptions Auth { get; set; } = new();

    /// <summary>Deadline of a REST call when the client sends no <c>x-timeout-ms</c> header, in milliseconds.</summary>
    public int RestTimeoutMs { get; set; } = 5000;

    /// <summary>Deadline of each replica's health check and metrics read for /v1/status and the dashboard, in milliseconds.</summary>
    public int StatusTimeoutMs { get; set; } = 1000;

    /// <summary>Largest REST request body in bytes; a larger one gets 413.</summary>
    public long MaxRestBodyBytes { get; set; } = 8 << 20;

    public void Validate()
    {
        foreach (var name in BackendNames.All)
        {
            if (!Services.TryGetValue(name, out var backend) || backend.Destinations.Count == 0)
            {
                throw new InvalidOperationException($"Gateway:Services:{name}:Destinations must list at least one destination.");
            }
            for (var i = 0; i < backend.Destinations.Count; i++)
            {
                var destination = backend.Destinations[i];
                if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out _))
                {
                    throw new InvalidOperationException($"Gateway:Services:{name}:Destinations:{i}:Address '{destination.Address}' is not an absolute http(s) URI.");
                }
                if (destination.MetricsAddress.Length > 0 && !Uri.TryCreate(destination.MetricsAddress, UriKind.Absolute, out _))
                {
                    throw new InvalidOperationException($"Gateway:Services:{name}:Destinations:{i}:MetricsAddress '{destination.MetricsAddress}' is not an absolute http(s) URI.");
                }
            }
        }
        Recommend.Validate();
        Resilience.Validate();
        Auth.Validate();
        if (RestTimeoutMs is < 1 or > 600_000)
        {
            throw new InvalidOperationException($"Gateway:RestTimeoutMs must be in 1..600000 (was {RestTimeoutMs}).");
        }
        if (StatusTimeoutMs is < 1 or > 60_000)
        {
            throw new InvalidOperationException($"Gateway:StatusTimeoutMs must be in 1..60000 (was {StatusTimeoutMs}).");
        }
        if (MaxRestBodyBytes is < 1024 or > 256L << 20)
        {
            throw new InvalidOperationException($"Gateway:MaxRestBodyBytes must be in 1024..268435456 (was {MaxRestBodyBytes}).");
        }
    }
}

/// <summary>The names of the backend services.</summary>
public static class BackendNames
{
    public const string Encoder = "encoder";
    public const string InterestModel = "interest-model";
    public const string CandidateRetrieval = "candidate-retrieval";
    public const string Ranking = "ranking";

    public static readonly IReadOnlyList<string> All = [Encoder, InterestModel, CandidateRetrieval, Ranking];

    /// <summary>The gRPC service each backend serves (routed by name on the gateway's gRPC port).</summary>
    public static readonly IReadOnlyDictionary<string, string> GrpcService = new Dictionary<string, string>
    {
        [Encoder] = "recsys.v1.Encoder",
        [InterestModel] = "recsys.v1.InterestModel",
        [CandidateRetrieval] = "recsys.v1.CandidateRetrieval",
        [Ranking] = "recsys.v1.Ranking",
    };
}

/// <summary>One backend service: where its replicas are.</summary>
public sealed class BackendOptions
{
    public List<DestinationOptions> Destinations { get; set; } = new();
}

/// <summary>One replica: its gRPC address (its /readyz there tells whether it is ready).</summary>
public sealed class DestinationOptions
{
    public string Address { get; set; } = "";

    /// <summary>The replica's HTTP address, whose /metrics the dashboard shows; empty when not known.</summary>
    public string MetricsAddress { get; set; } = "";
}

/// <summary>How Recommend orchestrates the services.</summary>
public sealed class RecommendOptions
{
    /// <summary>Largest k a client may ask for.</summary>
    public int MaxK { get; set; } = 100;

    /// <summary>k when the client sends 0.</summary>
    public int DefaultK { get; set; } = 10;

    /// <summary>Interests (with vectors) retrieved for.</summary>
    public int Interests { get; set; } = 5;

    /// <summary>Candidates retrieved for ranking, shared among interests by probability.</summary>
    public int CandidatePool { get; set; } = 200;

    /// <summary>Every interest gets at least this many candidates, so minor interests are represented.</summary>
    public int MinQuotaPerInterest { get; set; } = 10;

    /// <summary>Items co-visited with the user's recent items added to retrieval's candidates (0 turns it off).</summary>
    public int CovisitedCandidates { get; set; } = 100;

    /// <summary>Recent items excluded from recommendations (unless the request includes seen items).</summary>
    public int SeenItems { get; set; } = 100;

    /// <summary>How often the popular-items fallback list is refreshed from the interest model.</summary>
    public int PopularRefreshSeconds { get; set; } = 30;

    /// <summary>Weight of the short-term interests for a user without drift evidence (0 to 1); drift evidence raises it towards 1.</summary>
    public double ShortTermFloor { get; set; } = 0.2;

    public void Validate()
    {
        if (MaxK is < 1 or > 1000 || DefaultK < 1 || DefaultK > MaxK)
        {
            throw new InvalidOperationException($"Gateway:Recommend:MaxK must be in 1..1000 and DefaultK in 1..MaxK (were {MaxK}, {DefaultK}).");
        }
        if (Interests is < 1 or > 32 || CandidatePool < MaxK || CandidatePool > 1000 || MinQuotaPerInterest < 1 || SeenItems is < 0 or > 10_000 || CovisitedCandidates is < 0 or > 1000 || PopularRefreshSeconds < 1)
        {
            throw new InvalidOperationException("Gateway:Recommend: Interests must be in 1..32, CandidatePool in MaxK..1000, MinQuotaPerInterest >= 1, SeenItems in 0..10000, CovisitedCandidates in 0..1000, PopularRefreshSeconds >= 1.");
        }
        if (!(ShortTermFloor >= 0 && ShortTermFloor <= 1))
        {
            throw new InvalidOperationException($"Gateway:Recommend:ShortTermFloor must be in [0, 1], got {ShortTermFloor}.");
        }
    }
}

/// <summary>Per downstream call: timeout, retries (idempotent reads only), circuit breaker.</summary>
public sealed class ResilienceOptions
{
    /// <summary>Time allowed to one attempt of a downstream read, in milliseconds (also capped by the caller's deadline).</summary>
    public int ReadTimeoutMs { get; set; } = 800;

    /// <summary>Time allowed to a downstream write (events, items, deletions), in milliseconds.</summary>
    public int WriteTimeoutMs { get; set; } = 5000;

    /// <summary>Retries of a failed idempotent read (with exponential backoff and jitter).</summary>
    public int ReadRetries { get; set; } = 2;

    public int RetryBaseDelayMs { get; set; } = 20;

    /// <summary>The breaker opens when this share of calls fails within the sampling window...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...among at least this many calls...</summary>
    public int BreakerMinimumThroughput { get; set; } = 8;

    public int BreakerSamplingSeconds { get; set; } = 10;

    /// <summary>...and stays open this long before letting a trial call through.</summary>
    public int BreakerBreakSeconds { get; set; } = 5;

    public void Validate()
    {
        if (ReadTimeoutMs < 1 || WriteTimeoutMs < 1 || ReadRetries is < 0 or > 10 || RetryBaseDelayMs < 0
            || BreakerFailureRatio is <= 0 or > 1 || BreakerMinimumThroughput < 2 || BreakerSamplingSeconds < 1 || BreakerBreakSeconds < 1)
        {
            throw new InvalidOperationException("Gateway:Resilience: timeouts must be positive, ReadRetries in 0..10, BreakerFailureRatio in (0, 1], BreakerMinimumThroughput >= 2, sampling and break seconds >= 1.");
        }
    }
}
