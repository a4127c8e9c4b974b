using System.Net.Http.Headers;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Recommender.Rpc.Protocol;

/// <summary>Converts call metadata to HTTP/2 headers and back (binary values as unpadded base64).</summary>
internal static class MetadataHeaders
{
    /// <summary>Request headers as metadata, without the protocol's own headers.</summary>
    public static Metadata FromRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key) && !header.Key.Equals(GrpcProtocol.UserAgentHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                AddHeaderValue(metadata, header.Key, value);
            }
        }
        return metadata;
    }

    /// <summary>Response headers or trailers as metadata, without the protocol's own headers.</summary>
    public static void AddFromHttpHeaders(Metadata metadata, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                AddHeaderValue(metadata, header.Key, value);
            }
        }
    }

    /// <summary>Writes metadata into ASP.NET Core response headers.</summary>
    public static void WriteTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            if (GrpcProtocol.IsReservedHeader(entry.Key))
            {
                continue;
            }
            headers.Append(entry.Key, ToHeaderValue(entry));
        }
    }

    /// <summary>Writes metadata into an outgoing request.</summary>
    public static void WriteTo(Metadata metadata, HttpRequestHeaders headers)
    {
        foreach (var entry in metadata)
        {
            if (GrpcProtocol.IsReservedHeader(entry.Key) && entry.Key != GrpcProtocol.UserAgentHeader)
            {
                continue;
            }
            if (entry.Key == GrpcProtocol.UserAgentHeader)
            {
                headers.Remove(GrpcProtocol.UserAgentHeader);
            }
            headers.TryAddWithoutValidation(entry.Key, ToHeaderValue(entry));
        }
    }

    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.RawBytes).TrimEnd('=') : entry.Value;

    private static void AddHeaderValue(Metadata metadata, string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        var name = key.ToLowerInvariant();
        if (!Metadata.IsBinaryKey(name))
        {
            metadata.Add(name, value);
            return;
        }
        // Binary values may arrive comma-joined (several entries in one header).
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            metadata.Add(name, DecodeBase64(part));
        }
    }

    private static byte[] DecodeBase64(string value)
    {
        var padding = (4 - value.Length % 4) % 4;
        var padded = padding == 0 ? value : value + new string('=', padding);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            // Some peers use URL-safe base64.
            return Convert.FromBase64String(padded.Replace('-', '+').Replace('_', '/'));
        }
    }
}
