using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Recommender.Encoder.ModelBuilding;

/// <summary>Reads the resources embedded in a .NET assembly's file without loading the assembly.</summary>
internal sealed class ManifestResources : IDisposable
{
    private readonly PEReader _pe;
    private readonly MetadataReader _metadata;
    private readonly string _path;

    public ManifestResources(string assemblyPath)
    {
        _path = assemblyPath;
        _pe = new PEReader(File.OpenRead(assemblyPath));
        if (!_pe.HasMetadata || _pe.PEHeaders.CorHeader is null)
        {
            _pe.Dispose();
            throw new InvalidDataException($"{assemblyPath} is not a .NET assembly");
        }
        _metadata = _pe.GetMetadataReader();
    }

    /// <summary>Names of the resources embedded in the file (linked ones are skipped).</summary>
    public IEnumerable<string> Names => _metadata.ManifestResources
        .Select(_metadata.GetManifestResource)
        .Where(r => r.Implementation.IsNil)
        .Select(r => _metadata.GetString(r.Name));

    /// <summary>Copies the resource <paramref name="name"/> to <paramref name="destination"/>.</summary>
    public void CopyTo(string name, Stream destination)
    {
        foreach (var handle in _metadata.ManifestResources)
        {
            var resource = _metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || _metadata.GetString(resource.Name) != name)
            {
                continue;
            }
            // Embedded resources sit in the CLI resources directory: a 4-byte length, then the bytes.
            var directory = _pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress;
            var block = _pe.GetSectionData(directory + checked((int)resource.Offset));
            var reader = block.GetReader();
            var length = reader.ReadInt32();
            if (length < 0 || length > reader.RemainingBytes)
            {
                throw new InvalidDataException($"{_path}: resource {name} claims {length} bytes, {reader.RemainingBytes} are there");
            }
            unsafe
            {
                using var bytes = new UnmanagedMemoryStream(reader.CurrentPointer, length);
                bytes.CopyTo(destination);
            }
            return;
        }
        throw new KeyNotFoundException($"{_path} has no embedded resource {name} (it has: {string.Join(", ", Names)})");
    }

    public void Dispose() => _pe.Dispose();
}
