using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Recommender.Gateway.Backends;

/// <summary>The deadline and cancellation of the request the gateway is serving; every downstream call inherits them.</summary>
public readonly record struct CallScope(DateTime Deadline, CancellationToken CancellationToken)
{
    public static CallScope From(ServerCallContext context) => new(context.Deadline, context.CancellationToken);
}

/// <summary>
/// Makes every downstream call through a Polly pipeline of its backend: reads get retries with
/// exponential backoff and jitter and a circuit breaker; writes get the breaker but are never
/// retried (they are not idempotent). Every attempt carries a gRPC deadline, the earlier of the
/// attempt's timeout and the caller's deadline, so a backend never works for a caller that has
/// given up; Polly's timeout strategy backs it up.
/// </summary>
public sealed class DownstreamCaller
{
    private static readonly Meter Meter = new("Recommender.Gateway");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("gateway.downstream.calls", description: "Calls to backends by backend and outcome.");

    private readonly Dictionary<string, CallInvoker> _invokers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ResilienceOptions _options;
    private readonly ILogger<DownstreamCaller> _logger;
    private readonly Dictionary<string, ResiliencePipeline> _reads = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResiliencePipeline> _writes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, CircuitState> _breakers = new(StringComparer.OrdinalIgnoreCase);

    public DownstreamCaller(GrpcClientFactory clients, IOptions<GatewayOptions> options, ILogger<DownstreamCaller> logger)
    {
        _options = options.Value.Resilience;
        _logger = logger;
        foreach (var backend in options.Value.Services.Keys)
        {
            _invokers[backend] = clients.InvokerOf(backend);
            // Reads and writes of one backend share one breaker: it measures the backend, not the call kind.
            var breaker = new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(_options.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(_options.BreakerBreakSeconds),
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsBackendFailure).Handle<TimeoutRejectedException>(),
                OnOpened = args => OnBreaker(backend, CircuitState.Open, args.Outcome.Exception),
                OnHalfOpened = _ => OnBreaker(backend, CircuitState.HalfOpen, null),
                OnClosed = _ => OnBreaker(backend, CircuitState.Closed, null),
            };
            var sharedBreaker = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).Build();
            _breakers[backend] = CircuitState.Closed;
            _reads[backend] = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(_options.ReadRetries, 1),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelayMs),
                    ShouldHandle = _options.ReadRetries == 0
                        ? new PredicateBuilder().Handle<Exception>(_ => false)
                        : new PredicateBuilder().Handle<RpcException>(e => e.StatusCode is StatusCode.Unavailable or StatusCode.Aborted).Handle<TimeoutRejectedException>(),
                })
                .AddPipeline(sharedBreaker)
                .AddTimeout(Backstop(_options.ReadTimeoutMs))
                .Build();
            _writes[backend] = new ResiliencePipelineBuilder()
                .AddPipeline(sharedBreaker)
                .AddTimeout(Backstop(_options.WriteTimeoutMs))
                .Build();
        }
    }

    /// <summary>The breaker state of each backend (for status pages and tests).</summary>
    public IReadOnlyDictionary<string, CircuitState> Breakers => _breakers;

    public Task<TResponse> ReadAsync<TResponse>(string backend, CallScope scope, Func<CallInvoker, CallOptions, Task<TResponse>> call) =>
        ExecuteAsync(backend, _reads[backend], TimeSpan.FromMilliseconds(_options.ReadTimeoutMs), scope, call);

    public Task<TResponse> WriteAsync<TResponse>(string backend, CallScope scope, Func<CallInvoker, CallOptions, Task<TResponse>> call) =>
        ExecuteAsync(backend, _writes[backend], TimeSpan.FromMilliseconds(_options.WriteTimeoutMs), scope, call);

    private async Task<TResponse> ExecuteAsync<TResponse>(string backend, ResiliencePipeline pipeline, TimeSpan attemptTimeout, CallScope scope,
        Func<CallInvoker, CallOptions, Task<TResponse>> call)
    {
        try
        {
            var response = await pipeline.ExecuteAsync(async token =>
            {
                var attemptDeadline = DateTime.UtcNow + attemptTimeout;
                var deadline = scope.Deadline < attemptDeadline ? scope.Deadline : attemptDeadline;
                try
                {
                    return await call(_invokers[backend], new CallOptions(deadline: deadline, cancellationToken: token)).ConfigureAwait(false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded && DateTime.UtcNow < scope.Deadline)
                {
                    // The attempt ran out of time but the caller has not: a slow backend, worth a retry and counted by the breaker.
                    throw new RpcException(new Status(StatusCode.Unavailable, $"{backend} did not answer within {attemptTimeout.TotalMilliseconds:F0} ms.", e));
                }
            }, scope.CancellationToken).ConfigureAwait(false);
            Calls.Add(1, new("backend", backend), new("outcome", "ok"));
            return response;
        }
        catch (Exception e) when (e is BrokenCircuitException or TimeoutRejectedException or RpcException)
        {
            Calls.Add(1, new("backend", backend), new("outcome", e is BrokenCircuitException ? "circuit_open" : "failed"));
            throw Translate(backend, e, scope);
        }
    }

    /// <summary>
    /// The attempt's gRPC deadline is its timeout (the backend sees it too and stops working); Polly's
    /// timeout, a little later, only guards against a call that ignores its deadline.
    /// </summary>
    private static TimeSpan Backstop(int timeoutMs) => TimeSpan.FromMilliseconds(timeoutMs + 250);

    /// <summary>Failures that say something about the backend's health (not the request's).</summary>
    private static bool IsBackendFailure(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted;

    /// <summary>Every failure reaches the caller as an RpcException that says which backend and why.</summary>
    private static RpcException Translate(string backend, Exception e, CallScope scope) => e switch
    {
        BrokenCircuitException => new RpcException(new Status(StatusCode.Unavailable, $"{backend} is failing; its circuit breaker is open, so calls are not sent for now.", e)),
        TimeoutRejectedException when DateTime.UtcNow >= scope.Deadline => new RpcException(new Status(StatusCode.DeadlineExceeded, $"The deadline passed while waiting for {backend}.", e)),
        TimeoutRejectedException => new RpcException(new Status(StatusCode.Unavailable, $"{backend} did not answer in time.", e)),
        RpcException { StatusCode: StatusCode.Unavailable } rpc => new RpcException(new Status(StatusCode.Unavailable, $"{backend} is unavailable: {rpc.Status.Detail}", e)),
        RpcException rpc => rpc,
        _ => new RpcException(new Status(StatusCode.Internal, $"Calling {backend} failed.", e)),
    };

    private ValueTask OnBreaker(string backend, CircuitState state, Exception? cause)
    {
        _breakers[backend] = state;
        if (state == CircuitState.Open)
        {
            _logger.LogWarning("Circuit breaker for {Backend} opened: {Cause}", backend, cause?.Message);
        }
        else
        {
            _logger.LogInformation("Circuit breaker for {Backend} is {State}", backend, state);
        }
        return ValueTask.CompletedTask;
    }
}
