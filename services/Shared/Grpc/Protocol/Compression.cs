using System.IO.Compression;

namespace Grpc.Net.Compression;

/// <summary>A message compression algorithm named by <c>grpc-encoding</c>.</summary>
public interface ICompressionProvider
{
    /// <summary>The name on the wire, e.g. <c>gzip</c>.</summary>
    string EncodingName { get; }

    Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel);

    Stream CreateDecompressionStream(Stream stream);
}

/// <summary>gzip (RFC 1952).</summary>
public sealed class GzipCompressionProvider(CompressionLevel defaultCompressionLevel = CompressionLevel.Fastest) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? defaultCompressionLevel, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) => new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
}

/// <summary>deflate (RFC 1950 zlib format, as gRPC uses it).</summary>
public sealed class DeflateCompressionProvider(CompressionLevel defaultCompressionLevel = CompressionLevel.Fastest) : ICompressionProvider
{
    public string EncodingName => "deflate";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new ZLibStream(stream, compressionLevel ?? defaultCompressionLevel, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) => new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true);
}

/// <summary>The algorithms a peer knows, by name.</summary>
public sealed class CompressionProviders
{
    public const string Identity = "identity";

    private readonly Dictionary<string, ICompressionProvider> _byName;

    public CompressionProviders(IEnumerable<ICompressionProvider> providers)
    {
        _byName = providers.ToDictionary(p => p.EncodingName, StringComparer.OrdinalIgnoreCase);
        AcceptEncoding = string.Join(',', new[] { Identity }.Concat(_byName.Keys));
    }

    public static CompressionProviders Default { get; } = new([new GzipCompressionProvider(), new DeflateCompressionProvider()]);

    /// <summary>The <c>grpc-accept-encoding</c> value: identity and every known algorithm.</summary>
    public string AcceptEncoding { get; }

    public bool TryGet(string name, out ICompressionProvider provider) => _byName.TryGetValue(name, out provider!);
}
