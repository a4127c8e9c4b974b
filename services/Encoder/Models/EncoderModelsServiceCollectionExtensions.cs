using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Models;

/// <summary>Registers the model registry, its options and its background loading.</summary>
public static class EncoderModelsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EncoderRuntimeOptions"/> from the section "Encoder:Runtime", validates them,
    /// and registers a singleton <see cref="ModelRegistry"/> loaded by <see cref="ModelLoadingService"/> at start.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid (the message names it and its limit).</exception>
    public static IServiceCollection AddEncoderModels(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new EncoderRuntimeOptions();
        configuration.GetSection(EncoderRuntimeOptions.SectionName).Bind(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<ModelRegistry>();
        services.AddHostedService<ModelLoadingService>();
        return services;
    }
}
