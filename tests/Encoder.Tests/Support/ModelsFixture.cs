using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;

namespace Recommender.Encoder.Tests.Support;

/// <summary>One registry over &lt;repo&gt;/models shared by the tests of <see cref="ModelsCollection"/>.</summary>
public sealed class ModelsFixture : IDisposable
{
    public ModelsFixture()
    {
        Options = new EncoderRuntimeOptions { ModelsRoot = BuiltModels.EnsureBuilt(), Provider = ExecutionProviderKind.Cpu };
        Registry = new ModelRegistry(Options, NullLogger<ModelRegistry>.Instance);
        Registry.LoadAll();
    }

    public EncoderRuntimeOptions Options { get; }

    public ModelRegistry Registry { get; }

    public EncoderModel MiniLm => Registry.Get(ModelNames.MiniLm);

    public EncoderModel Arctic => Registry.Get(ModelNames.Arctic);

    public void Dispose() => Registry.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<ModelsFixture>
{
    public const string Name = "built models";
}
