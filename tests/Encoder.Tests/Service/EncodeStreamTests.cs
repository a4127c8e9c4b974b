using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Encoder.Tests.Support;

namespace Recommender.Encoder.Tests.Service;

/// <summary>EncodeStream: answers in order with chunk ids echoed, and flow control with a window of 2 chunks.</summary>
[Collection(EncoderServerCollection.Name)]
public sealed class EncodeStreamTests(EncoderServerFixture encoder)
{
    [Fact]
    public async Task AnswersComeInChunkOrderWithTheirIdsAndTheSameVectorsAsEncode()
    {
        string[] models = ["", ModelNames.Arctic];
        var chunks = Enumerable.Range(0, 24).Select(i => new EncodeStreamRequest
        {
            ChunkId = $"chunk-{i}",
            Model = models[i % models.Length],
            Texts = { Enumerable.Range(0, 1 + (i * 7 % 13)).Select(j => $"item {i} text {j} wireless headphones") },
        }).ToList();
        using var call = encoder.Client.EncodeStream();

        var sending = Task.Run(async () =>
        {
            foreach (var chunk in chunks)
            {
                await call.RequestStream.WriteAsync(chunk);
            }

            await call.RequestStream.CompleteAsync();
        });
        var answers = new List<EncodeStreamResponse>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            answers.Add(answer);
        }

        await sending;
        Assert.Equal(chunks.Select(c => c.ChunkId), answers.Select(a => a.ChunkId));
        Assert.Equal(chunks.Select(c => c.Texts.Count), answers.Select(a => a.Embeddings.Count));
        var direct = await encoder.Client.EncodeAsync(new EncodeRequest { Texts = { chunks[5].Texts }, Model = chunks[5].Model });
        Assert.Equal(direct.Model, answers[5].Model);
        Assert.Equal(direct.Dimension, answers[5].Dimension);
        Assert.Equal(direct.Embeddings, answers[5].Embeddings);
    }

    [Fact]
    public async Task AFastSenderWithASmallWindowGetsEveryAnswerInOrder()
    {
        const int count = 400;
        using var call = encoder.Client.EncodeStream();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await call.RequestStream.WriteAsync(new EncodeStreamRequest { ChunkId = i.ToString(), Texts = { $"fast sender {i}", "shared text" } });
            }

            await call.RequestStream.CompleteAsync();
        });

        var expected = 0;
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(expected.ToString(), answer.ChunkId);
            Assert.Equal(2, answer.Embeddings.Count);
            expected++;
        }

        await sending;
        Assert.Equal(count, expected);
    }

    [Fact]
    public async Task ASenderWhoseAnswersAreNotReadIsHeldBackUntilItReads()
    {
        const int count = 600;
        var text = new string('x', 8_000);
        using var call = encoder.Client.EncodeStream();
        var sent = 0;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await call.RequestStream.WriteAsync(new EncodeStreamRequest { ChunkId = i.ToString(), Texts = { $"held back {i} {text}" } });
                Volatile.Write(ref sent, i + 1);
            }

            await call.RequestStream.CompleteAsync();
        });

        // Nothing reads the answers: the server fills the response window, stops reading chunks, and
        // HTTP/2 flow control stops the sender well before its 5 MB are out.
        var stalledAt = await WaitUntilStalledAsync(() => Volatile.Read(ref sent), TimeSpan.FromSeconds(60));
        Assert.True(stalledAt < count - 100, $"the sender got {stalledAt} of {count} chunks out without any answer being read");
        Assert.False(sending.IsCompleted);

        var expected = 0;
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(expected.ToString(), answer.ChunkId);
            expected++;
        }

        await sending;
        Assert.Equal(count, expected);
    }

    [Fact]
    public async Task ABadChunkEndsTheStreamAfterTheAnswersBeforeIt()
    {
        using var call = encoder.Client.EncodeStream();
        await call.RequestStream.WriteAsync(new EncodeStreamRequest { ChunkId = "good-1", Texts = { "red shoes" } });
        await call.RequestStream.WriteAsync(new EncodeStreamRequest { ChunkId = "good-2", Texts = { "blue shoes" } });
        await call.RequestStream.WriteAsync(new EncodeStreamRequest { ChunkId = "bad", Texts = { "ok", new string('z', 20_000) } });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("good-1", call.ResponseStream.Current.ChunkId);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("good-2", call.ResponseStream.Current.ChunkId);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("chunk 'bad': texts[1]: 20000 characters, more than the limit of 16384", error.Status.Detail);
    }

    [Fact]
    public async Task AnUnknownModelInAChunkIsNamedWithTheChunk()
    {
        using var call = encoder.Client.EncodeStream();
        await call.RequestStream.WriteAsync(new EncodeStreamRequest { ChunkId = "c7", Texts = { "x" }, Model = "nope" });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("chunk 'c7': model: unknown model 'nope'", error.Status.Detail);
    }

    private static async Task<int> WaitUntilStalledAsync(Func<int> progress, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var last = -1;
        var unchangedSince = DateTime.UtcNow;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            var now = progress();
            if (now != last)
            {
                (last, unchangedSince) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - unchangedSince > TimeSpan.FromSeconds(1.5))
            {
                return now;
            }
        }

        return progress();
    }
}
