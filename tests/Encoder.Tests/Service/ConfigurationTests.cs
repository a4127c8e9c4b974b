using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.FileProviders;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Runtime;
using Recommender.Encoder.Tests.Support;
using Recommender.Encoder.Service;

namespace Recommender.Encoder.Tests.Service;

/// <summary>AddEncoderService binds and validates every section at start.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Encoder:Runtime:DeviceId", "-1", "Encoder:Runtime:DeviceId must be 0 or more")]
    [InlineData("Encoder:Batching:MaxBatchSize", "0", "Encoder:Batching:MaxBatchSize must be between 1 and 4096")]
    [InlineData("Encoder:Cache:CapacityBytes", "-5", "Encoder:Cache:CapacityBytes must be between 0 and")]
    [InlineData("Encoder:Limits:MaxTextsPerRequest", "0", "Encoder:Limits:MaxTextsPerRequest must be between 1 and 100000")]
    [InlineData("Encoder:Limits:MaxCharactersPerText", "20000000", "Encoder:Limits:MaxCharactersPerText must be between 1 and 10000000")]
    [InlineData("Encoder:Limits:MaxStreamChunksInFlight", "0", "Encoder:Limits:MaxStreamChunksInFlight must be between 1 and 1024")]
    [InlineData("Encoder:Batching:MaxBatchSise", "8", "Encoder:Batching is invalid")]
    [InlineData("Encoder:Limits:MaxTextsPerRequest", "lots", "Encoder:Limits is invalid")]
    public void AnInvalidSettingFailsAtRegistrationNamingIt(string key, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Register((key, value)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void TheUnknownKeyIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => Register(("Encoder:Batching:MaxBatchSise", "8")));

        Assert.Contains("MaxBatchSise", error.Message);
    }

    [Fact]
    public void DefaultsMatchTheIssue()
    {
        using var provider = Register().BuildServiceProvider();

        var limits = provider.GetRequiredService<EncoderLimits>();
        Assert.Equal(256, limits.MaxTextsPerRequest);
        Assert.Equal(16_384, limits.MaxCharactersPerText);
        Assert.Equal(ModelNames.MiniLm, provider.GetRequiredService<EncoderRuntimeOptions>().DefaultModel);
        Assert.True(provider.GetRequiredService<BatcherOptions>().Enabled);
    }

    [Fact]
    public void ARelativeModelsRootIsTakenFromTheContentRoot()
    {
        var services = Register(("Encoder:Runtime:ModelsRoot", "some/models"));
        services.AddSingleton<IHostEnvironment>(new Environment("/srv/encoder"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("/srv/encoder/some/models", provider.GetRequiredService<EncoderRuntimeOptions>().ModelsRoot);
    }

    [Fact]
    public void AutomaticIntraOpThreadsShareTheCoresBetweenTheWorkers()
    {
        using var provider = Register(("Encoder:Batching:WorkerCount", "2")).BuildServiceProvider();

        Assert.Equal(Math.Max(1, System.Environment.ProcessorCount / 2), provider.GetRequiredService<EncoderRuntimeOptions>().IntraOpThreads);
    }

    [Fact]
    public void ExplicitIntraOpThreadsAreKept()
    {
        using var provider = Register(("Encoder:Runtime:IntraOpThreads", "3")).BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<EncoderRuntimeOptions>().IntraOpThreads);
    }

    private static ServiceCollection Register(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEncoderService(configuration);
        return services;
    }

    private sealed class Environment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "encoder";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
