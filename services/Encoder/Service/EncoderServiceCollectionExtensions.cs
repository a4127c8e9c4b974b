using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Caching;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Service;

/// <summary>Registers the encoder service: its options, the models, the batchers, the cache and the RPCs.</summary>
public static class EncoderServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the sections Encoder:Runtime (<see cref="EncoderRuntimeOptions"/>),
    /// Encoder:Batching (<see cref="BatcherOptions"/>), Encoder:Cache (<see cref="EmbeddingCacheOptions"/>)
    /// and Encoder:Limits (<see cref="EncoderLimits"/>), and registers the services. A key that none of
    /// the options has, a value that does not parse, or one out of range fails here, at start.
    /// A relative models root is taken from the host's content root. IntraOpThreads 0 (automatic)
    /// becomes the core count divided by the batcher's workers, so the workers do not oversubscribe the cores.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it and its limit.</exception>
    public static IServiceCollection AddEncoderService(this IServiceCollection services, IConfiguration configuration)
    {
        var runtime = Bind<EncoderRuntimeOptions>(configuration, EncoderRuntimeOptions.SectionName);
        runtime.Validate();
        var batching = Bind<BatcherOptions>(configuration, BatcherOptions.SectionName);
        batching.Validate();
        var cache = Bind<EmbeddingCacheOptions>(configuration, EmbeddingCacheOptions.SectionName);
        cache.Validate();
        var limits = Bind<EncoderLimits>(configuration, EncoderLimits.SectionName);
        limits.Validate();
        if (runtime.IntraOpThreads == 0)
        {
            runtime.IntraOpThreads = Math.Max(1, Environment.ProcessorCount / batching.WorkerCount);
        }

        services.AddSingleton(provider =>
        {
            var contentRoot = provider.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            runtime.ModelsRoot = Path.GetFullPath(runtime.ModelsRoot, contentRoot);
            return runtime;
        });
        services.AddSingleton(batching);
        services.AddSingleton(cache);
        services.AddSingleton(limits);
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<EmbeddingCache>();
        services.AddSingleton<ServedModels>();
        services.AddSingleton<EncoderServiceMetrics>();
        services.AddSingleton<EncoderService>();
        services.AddHostedService<EncoderStartup>();
        return services;
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"Configuration section {section} is invalid: {e.Message}" +
                (e.InnerException is { } inner ? $" ({inner.Message})" : ""), e);
        }

        return options;
    }
}
