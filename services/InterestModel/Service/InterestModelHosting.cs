using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Recommender.Hosting;
using Recommender.Hosting.Configuration;
using Recommender.InterestModel.Background;
using Recommender.InterestModel.Catalog;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Persistence;

namespace Recommender.InterestModel.Service;

/// <summary>What Program.cs (and the tests) call to run the interest-model service on the shared host.</summary>
public static class InterestModelHosting
{
    /// <summary>Name and default ports (ARCHITECTURE.md): gRPC 50052, HTTP 9102.</summary>
    public static readonly ServiceIdentity Identity = new("interest-model", DefaultGrpcPort: 50052, DefaultHttpPort: 9102);

    /// <summary>
    /// Binds and validates the options of section <c>InterestModel</c> (the engine's and the service's) and registers
    /// the service. Throws <see cref="InvalidOperationException"/> naming the setting when one is unknown or out of range.
    /// </summary>
    public static WebApplicationBuilder AddInterestModel(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(InterestServiceOptions.Section);
        ValidatedOptions.RejectUnknownKeys(section, Identity.Name, typeof(InterestModelOptions), typeof(InterestServiceOptions));
        var engineOptions = section.Get<InterestModelOptions>() ?? new InterestModelOptions();
        var serviceOptions = section.Get<InterestServiceOptions>() ?? new InterestServiceOptions();
        try
        {
            engineOptions.Validate();
            serviceOptions.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"interest-model: invalid configuration in section '{InterestServiceOptions.Section}': {e.Message}", e);
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(engineOptions);
        services.AddSingleton(serviceOptions);
        services.AddSingleton(sp => new InterestState(engineOptions, serviceOptions.Dedupe, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<InterestState>()));
        services.AddSingleton(sp => new InterestStore(serviceOptions.StoreOptions(), sp.GetRequiredService<InterestState>(),
            sp.GetRequiredService<ILogger<InterestStore>>()));
        services.AddSingleton(_ => new TitleCache(serviceOptions.TitleCacheSize));
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<CatalogClient>();
        services.AddSingleton<PendingItemResolver>();
        services.AddSingleton<RefitSchedule>();
        services.AddSingleton<PriorRefitService>();
        services.AddSingleton<EventRecorder>();
        services.AddSingleton<TitleLookup>();
        services.AddSingleton<InterestModelService>();

        // The store host first: hosted services stop in reverse order, so it closes the store last.
        services.AddHostedService<InterestStoreHost>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingItemResolver>());
        services.AddHostedService(sp => sp.GetRequiredService<PriorRefitService>());
        return builder;
    }

    /// <summary>Maps the <c>recsys.v1.InterestModel</c> service on the gRPC port's route group.</summary>
    public static IEndpointRouteBuilder MapInterestModel(this IEndpointRouteBuilder grpc)
    {
        grpc.MapGrpcService<InterestModelService>();
        return grpc;
    }
}
