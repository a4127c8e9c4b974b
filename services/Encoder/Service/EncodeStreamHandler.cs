using System.Threading.Channels;
using Grpc.Core;
using V1 = Recommender.Contracts.V1;

namespace Recommender.Encoder.Service;

/// <summary>
/// One EncodeStream call. Chunks are read and answered concurrently, at most <c>window</c> of them
/// read but not yet answered: while the window is full no further chunk is read, so the request
/// body backs up and HTTP/2 flow control slows the sender. Answers are written in the order the
/// chunks arrived. The first chunk that fails (a bad chunk, a deadline, an inference failure) ends
/// the call with its status after the answers of the chunks before it; the chunks after it are
/// cancelled.
/// </summary>
internal sealed class EncodeStreamHandler(int window, ServerCallContext context,
    Func<V1.EncodeStreamRequest, ServerCallContext, CancellationToken, Task<V1.EncodeStreamResponse>> answer)
{
    public async Task RunAsync(IAsyncStreamReader<V1.EncodeStreamRequest> requests, IServerStreamWriter<V1.EncodeStreamResponse> responses)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var slots = new SemaphoreSlim(window, window);
        var answers = Channel.CreateUnbounded<Task<V1.EncodeStreamResponse>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteAnswersAsync(answers.Reader, responses, slots, stop);
        try
        {
            while (true)
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                if (!await requests.MoveNext(stop.Token).ConfigureAwait(false))
                {
                    break;
                }

                var pending = answer(requests.Current, context, stop.Token);
                _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                answers.Writer.TryWrite(pending);
                if (pending.IsFaulted)
                {
                    break; // a chunk refused before any work: answer those before it, then end with its status
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The writer failed (its error is the call's status) or the client or the deadline ended the call.
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            answers.Writer.TryComplete();
        }

        await writing.ConfigureAwait(false);
        context.CancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task WriteAnswersAsync(ChannelReader<Task<V1.EncodeStreamResponse>> answers,
        IServerStreamWriter<V1.EncodeStreamResponse> responses, SemaphoreSlim slots, CancellationTokenSource stop)
    {
        await Task.Yield();
        try
        {
            await foreach (var pending in answers.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var response = await pending.ConfigureAwait(false);
                await responses.WriteAsync(response, stop.Token).ConfigureAwait(false);
                slots.Release();
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
