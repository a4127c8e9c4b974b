using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Recommender.Encoder.Tests.Support;

/// <summary>Hand-built gRPC requests over HTTP/2, for bytes no generated client would send.</summary>
public sealed class RawGrpc(int port) : IDisposable
{
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());

    /// <summary>A length-prefixed, uncompressed gRPC message frame.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>Protobuf field <paramref name="field"/> (length-delimited) holding <paramref name="bytes"/> as they are.</summary>
    public static byte[] LengthDelimited(int field, byte[] bytes) => [(byte)((field << 3) | 2), .. Varint(bytes.Length), .. bytes];

    /// <summary>Posts one frame to <paramref name="path"/>; returns the response body and grpc-status/grpc-message.</summary>
    public async Task<(byte[] Body, string? Status, string? Message)> PostAsync(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{path}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _http.SendAsync(request, CancellationToken.None);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
            : response.Headers.TryGetValues(name, out var header) ? header.First() : null;
        return (bytes, Header("grpc-status"), Header("grpc-message") is { } message ? Uri.UnescapeDataString(message) : null);
    }

    public void Dispose() => _http.Dispose();

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }

        bytes.Add((byte)v);
        return [.. bytes];
    }
}
