using System.Net;
using System.Net.Http.Headers;
using Grpc.Testing;
using Recommender.Rpc.Tests.Infrastructure;

namespace Recommender.Rpc.Tests;

/// <summary>Thousands of random malformed requests against a live server; then a normal call must still succeed.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Paths =
    [
        "/grpc.testing.TestService/UnaryCall", "/grpc.testing.TestService/StreamingInputCall", "/grpc.testing.TestService/FullDuplexCall",
        "/grpc.testing.TestService/StreamingOutputCall", "/grpc.testing.TestService/EmptyCall", "/test.Probe/Echo", "/nope/x", "/", "/a/b/c",
    ];

    private static readonly string[] ContentTypes = ["application/grpc", "application/grpc+proto", "application/json", "text/plain", "application/grpc; charset=x"];

    private static readonly (string Name, string[] Values)[] OptionalHeaders =
    [
        ("grpc-timeout", ["1S", "10m", "0n", "99999999H", "xyz", "", "1"]),
        ("grpc-encoding", ["gzip", "deflate", "identity", "snappy", ""]),
        ("grpc-accept-encoding", ["gzip", "identity,gzip", "bogus"]),
        ("x-grpc-test-echo-initial", ["value", ""]),
        ("x-grpc-test-echo-trailing-bin", ["AAEC", "!!!notbase64", ""]),
        ("echo-bin", ["////", "=", "YQ"]),
    ];

    [Fact]
    public async Task ServerSurvivesThousandsOfMalformedRequests()
    {
        await using var server = await TestServer.StartAsync();
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        using var http = new HttpMessageInvoker(handler);
        var random = new Random(20261122);
        var answered = 0;
        const int requests = 3000;
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            byte[] body;
            HttpRequestMessage request;
            lock (random)
            {
                body = RandomBody(random);
                request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.GrpcAddress, Paths[random.Next(Paths.Length)]))
                {
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(body),
                };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentTypes[random.Next(ContentTypes.Length)]);
                foreach (var (name, values) in OptionalHeaders)
                {
                    if (random.Next(3) == 0)
                    {
                        request.Headers.TryAddWithoutValidation(name, values[random.Next(values.Length)]);
                    }
                }
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var response = await http.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
                $"unexpected HTTP status {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var status = response.Headers.Contains("grpc-status") ? response.Headers : response.TrailingHeaders;
                Assert.True(status.Contains("grpc-status"), "every gRPC answer carries a grpc-status");
            }
            Interlocked.Increment(ref answered);
        });
        Assert.Equal(requests, answered);

        using var channel = server.CreateChannel();
        var reply = await new TestService.TestServiceClient(channel).UnaryCallAsync(new SimpleRequest { ResponseSize = 42 });
        Assert.Equal(42, reply.Payload.Body.Length);
    }

    private static byte[] RandomBody(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return [];
            case 1:
            {
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                return garbage;
            }
            case 2:
            {
                var payload = new byte[random.Next(0, 200)];
                random.NextBytes(payload);
                return RawGrpc.Frame(payload, flag: (byte)random.Next(0, 3), declaredLength: random.Next(2) == 0 ? null : random.Next(0, 400));
            }
            case 3:
            {
                var valid = RawGrpc.Frame(new SimpleRequest { ResponseSize = random.Next(0, 100) });
                var cut = valid.AsSpan(0, random.Next(0, valid.Length + 1)).ToArray();
                return random.Next(2) == 0 ? cut : [.. valid, .. valid];
            }
            case 4:
            {
                var frame = RawGrpc.Frame(new SimpleRequest { ResponseSize = 5 });
                frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                return frame;
            }
            default:
                return RawGrpc.Frame(new byte[random.Next(0, 50)], flag: 0, declaredLength: int.MaxValue - random.Next(100));
        }
    }
}
