using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Models;

[Collection(ModelsCollection.Name)]
public sealed class ModelLoadingServiceTests(ModelsFixture models)
{
    [Fact]
    public async Task HostLoadsTheModelsFromConfigurationAndBecomesReady()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encoder:Runtime:ModelsRoot"] = models.Options.ModelsRoot,
            ["Encoder:Runtime:Provider"] = "cpu",
            ["Encoder:Runtime:IntraOpThreads"] = "1",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddEncoderModels(configuration);
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ModelRegistry>();
        Assert.Equal(ExecutionProviderKind.Cpu, provider.GetRequiredService<EncoderRuntimeOptions>().Provider);
        Assert.False(registry.IsReady);

        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!registry.IsReady && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(registry.IsReady);
        Assert.Equal("glove-100d", registry.Get(null).Name);
    }

    [Fact]
    public void InvalidConfigurationIsRejectedAtRegistration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Encoder:Runtime:DeviceId"] = "-1",
        }).Build();

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddEncoderModels(configuration));

        Assert.Contains("Encoder:Runtime:DeviceId must be 0 or more", error.Message);
    }
}
