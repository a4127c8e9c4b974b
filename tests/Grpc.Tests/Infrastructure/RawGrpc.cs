using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Recommender.Rpc.Tests.Infrastructure;

/// <summary>Hand-made HTTP/2 requests, for checking the wire format and for malformed input.</summary>
public sealed class RawGrpc(Uri address) : IDisposable
{
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true });

    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0, int? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Frame(IMessage message, byte flag = 0) => Frame(message.ToByteArray(), flag);

    public async Task<RawResponse> PostAsync(string path, byte[] body, string contentType = "application/grpc", IEnumerable<(string, string)>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request, CancellationToken.None);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var responseHeaders = Flatten(response.Headers);
        foreach (var contentHeader in Flatten(response.Content.Headers))
        {
            responseHeaders[contentHeader.Key] = contentHeader.Value;
        }
        return new RawResponse(response.StatusCode, responseHeaders, Flatten(response.TrailingHeaders), bytes);
    }

    private static Dictionary<string, string> Flatten(HttpHeaders headers) =>
        headers.NonValidated.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));

    public void Dispose() => _http.Dispose();
}

public sealed record RawResponse(HttpStatusCode StatusCode, Dictionary<string, string> Headers, Dictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>grpc-status from the trailers, or from the headers for a Trailers-Only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");

    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Trailers.Count == 0 && Body.Length == 0;

    public override string ToString() => $"HTTP {(int)StatusCode}; headers {string.Join(";", Headers)}; trailers {string.Join(";", Trailers)}; body {Body.Length} bytes";
}
