using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Recommender.CandidateRetrieval.Catalog;
using Recommender.CandidateRetrieval.Embedding;
using Recommender.CandidateRetrieval.Persistence;
using Recommender.Hosting;
using Recommender.Hosting.Configuration;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>What Program.cs (and the tests) call to run the candidate-retrieval service on the shared host.</summary>
public static class CandidateRetrievalHosting
{
    /// <summary>
    /// Largest request and response message by default (Grpc:MaxReceiveMessageSize, Grpc:MaxSendMessageSize): 1,000 items
    /// with long descriptions do not fit the host's 4 MiB. Any configuration source overrides it.
    /// </summary>
    public const int DefaultMaxMessageSize = 64 << 20;

    /// <summary>Name, default ports (ARCHITECTURE.md: gRPC 50053, HTTP 9103) and message limits.</summary>
    public static readonly ServiceIdentity Identity = new("candidate-retrieval", DefaultGrpcPort: 50053, DefaultHttpPort: 9103)
    {
        Defaults = new Dictionary<string, string?>
        {
            ["Grpc:MaxReceiveMessageSize"] = DefaultMaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grpc:MaxSendMessageSize"] = DefaultMaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The service's builder: the shared host with this service's defaults.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => RecommenderHost.CreateBuilder(args, Identity);

    /// <summary>
    /// Binds and validates section <c>CandidateRetrieval</c> and registers the service. Throws
    /// <see cref="InvalidOperationException"/> naming the setting when one is unknown or out of range.
    /// </summary>
    public static WebApplicationBuilder AddCandidateRetrieval(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = services.AddValidatedOptions<CandidateRetrievalOptions>(builder.Configuration, Identity.Name, CandidateRetrievalOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CatalogState(options, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new CatalogStore(options.StoreOptions(), sp.GetRequiredService<CatalogState>(),
            sp.GetRequiredService<ILogger<CatalogStore>>()));
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<ItemEmbedder>();
        services.AddSingleton<CatalogWriter>();
        services.AddSingleton<CatalogReader>();
        services.AddSingleton<RetrieveHandler>();
        services.AddSingleton<CandidateRetrievalService>();
        services.AddHostedService<CatalogStoreHost>();
        return builder;
    }

    /// <summary>Maps the <c>recsys.v1.CandidateRetrieval</c> service on the gRPC port's route group.</summary>
    public static IEndpointRouteBuilder MapCandidateRetrieval(this IEndpointRouteBuilder grpc)
    {
        grpc.MapGrpcService<CandidateRetrievalService>();
        return grpc;
    }
}
