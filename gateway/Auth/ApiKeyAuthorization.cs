using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Recommender.Gateway.Auth;

/// <summary>
/// Lets in only callers with an API key (header or gRPC metadata <c>x-api-key</c>) that has the role
/// the endpoint requires, within the key's rate. Answers UNAUTHENTICATED / 401 without a valid key,
/// PERMISSION_DENIED / 403 with the wrong role, RESOURCE_EXHAUSTED / 429 over the rate; gRPC
/// callers get a gRPC status, others a JSON body <c>{code, message}</c>.
/// </summary>
public sealed class ApiKeyAuthorization : IMiddleware
{
    public const string Header = "x-api-key";

    private static readonly Meter Meter = new("Recommender.Gateway");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("gateway.auth.rejected", description: "Requests refused at the door, by reason.");

    private readonly ApiKeyOptions _options;
    private readonly Dictionary<string, ApiKeyEntry> _byDigest;
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);

    public ApiKeyAuthorization(IOptions<ApiKeyOptions> options)
    {
        _options = options.Value;
        _options.Validate();
        _byDigest = _options.Keys.ToDictionary(k => Digest(k.Key), StringComparer.Ordinal);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var role = RequiredRoleOf(context);
        if (role is null || !_options.Enabled)
        {
            await next(context);
            return;
        }
        var presented = context.Request.Headers[Header].ToString();
        if (presented.Length == 0 || !_byDigest.TryGetValue(Digest(presented), out var key))
        {
            await RejectAsync(context, GatewayError.Unauthenticated, presented.Length == 0
                ? $"An API key is required: send it in the '{Header}' header (or gRPC metadata)."
                : "The API key is not valid.", "unauthenticated");
            return;
        }
        if (!key.Roles.Contains(role, StringComparer.Ordinal))
        {
            await RejectAsync(context, GatewayError.PermissionDenied, $"The API key '{key.Name}' lacks the '{role}' role this call requires (it has: {string.Join(", ", key.Roles)}).", "permission_denied");
            return;
        }
        using var lease = LimiterOf(key).AttemptAcquire();
        if (!lease.IsAcquired)
        {
            if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await RejectAsync(context, GatewayError.ResourceExhausted, $"The API key '{key.Name}' is over its rate of {key.PermitsPerSecond ?? _options.PermitsPerSecond} requests per second; retry later.", "rate_limited");
            return;
        }
        await next(context);
    }

    private static string? RequiredRoleOf(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>() is { } required)
        {
            return required.Role;
        }
        return GatewayError.IsGrpc(context) ? AccessPolicy.RoleForGrpcPath(context.Request.Path) : null;
    }

    private RateLimiter LimiterOf(ApiKeyEntry key) => _limiters.GetOrAdd(key.Key, _ =>
    {
        var rate = key.PermitsPerSecond ?? _options.PermitsPerSecond;
        var burst = key.Burst ?? _options.Burst;
        var (tokens, period) = Replenishment(rate);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    });

    /// <summary>
    /// Whole tokens per period that give exactly <paramref name="rate"/> per second: the fewest tokens
    /// whose period is at least 100 ms (a shorter timer would cost more than it refills), e.g. 1 token
    /// per second for 1/s, 2 per 133.3 ms for 15/s, 500 per 100 ms for 5,000/s.
    /// </summary>
    public static (int Tokens, TimeSpan Period) Replenishment(double rate)
    {
        var tokens = Math.Max(1, (int)Math.Ceiling(rate * 0.1 - 1e-9));
        return (tokens, TimeSpan.FromSeconds(tokens / rate));
    }

    private static Task RejectAsync(HttpContext context, GatewayError error, string message, string reason)
    {
        Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return error.WriteAsync(context, message);
    }

    private static string Digest(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
