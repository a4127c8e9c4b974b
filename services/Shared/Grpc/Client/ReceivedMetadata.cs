using System.Net.Http.Headers;
using Grpc.Core;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Client;

/// <summary>Response headers or trailers as received, turned into <see cref="Metadata"/> only when someone asks (most calls never do).</summary>
internal sealed class ReceivedMetadata
{
    private readonly HttpHeaders? _source;
    private Metadata? _metadata;

    public ReceivedMetadata(HttpHeaders source) => _source = source;

    public ReceivedMetadata(Metadata metadata) => _metadata = metadata;

    public Metadata Value
    {
        get
        {
            if (_metadata is null)
            {
                var metadata = new Metadata();
                MetadataHeaders.AddFromHttpHeaders(metadata, _source!);
                _metadata = metadata;
            }
            return _metadata;
        }
    }
}
