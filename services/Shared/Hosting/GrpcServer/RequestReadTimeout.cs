using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recommender.Hosting.GrpcServer;

/// <summary>
/// A unary or server-streaming call whose one request message does not arrive within
/// <see cref="GrpcServerSettings.RequestReadTimeoutSeconds"/> ends with DEADLINE_EXCEEDED. Grpc.AspNetCore
/// waits for the message as long as the call's deadline allows (forever without one), so a client that
/// never finishes sending would hold the call open.
/// </summary>
internal static class RequestReadTimeout
{
    public static IApplicationBuilder UseGrpcRequestReadTimeout(this IApplicationBuilder app, TimeSpan timeout) => app.Use(next => context =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { Method.Type: MethodType.Unary or MethodType.ServerStreaming })
        {
            context.Request.Body = new TimedReadStream(context.Request.Body, timeout);
        }
        return next(context);
    });

    /// <summary>A request body that must be read to its end within the timeout, counted from the first read.</summary>
    private sealed class TimedReadStream(Stream inner, TimeSpan timeout) : Stream
    {
        private CancellationTokenSource? _timer;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _timer ??= new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"The request message did not arrive within {timeout.TotalSeconds:0.###} s (Grpc:RequestReadTimeoutSeconds)."));
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            _timer?.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
