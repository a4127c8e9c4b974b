using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Testing;
using static Recommender.Interop.Client.InteropCases;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Recommender.Interop.Client;

/// <summary>Health Check and Watch, with XdsUpdateHealthService to change the server's status.</summary>
internal static class HealthCases
{
    private const string TestServiceName = "grpc.testing.TestService";
    private const string UnknownServiceName = "grpc.testing.NoSuchService";

    public static async Task Check(GrpcChannel channel)
    {
        var health = new Health.HealthClient(channel);
        foreach (var service in new[] { "", TestServiceName })
        {
            var status = (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status;
            Expect(status == ServingStatus.Serving, $"Check(\"{service}\") is {status}, expected SERVING");
        }
        await ExpectStatus(StatusCode.NotFound, null, () => health.CheckAsync(new HealthCheckRequest { Service = UnknownServiceName }).ResponseAsync);
    }

    public static async Task Watch(GrpcChannel channel)
    {
        var health = new Health.HealthClient(channel);
        var switcher = new XdsUpdateHealthService.XdsUpdateHealthServiceClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            using var watch = health.Watch(new HealthCheckRequest(), cancellationToken: timeout.Token);
            await ExpectNext(watch.ResponseStream, ServingStatus.Serving, timeout.Token);
            await switcher.SetNotServingAsync(new Empty());
            await ExpectNext(watch.ResponseStream, ServingStatus.NotServing, timeout.Token);
            var checkedStatus = (await health.CheckAsync(new HealthCheckRequest { Service = TestServiceName })).Status;
            Expect(checkedStatus == ServingStatus.NotServing, $"Check(TestService) is {checkedStatus} after SetNotServing");
            await switcher.SetServingAsync(new Empty());
            await ExpectNext(watch.ResponseStream, ServingStatus.Serving, timeout.Token);

            using var unknown = health.Watch(new HealthCheckRequest { Service = UnknownServiceName }, cancellationToken: timeout.Token);
            await ExpectNext(unknown.ResponseStream, ServingStatus.ServiceUnknown, timeout.Token);
        }
        finally
        {
            await switcher.SetServingAsync(new Empty());
        }
    }

    /// <summary>Reads until the expected status (repeats of the previous status are tolerated).</summary>
    private static async Task ExpectNext(IAsyncStreamReader<HealthCheckResponse> stream, ServingStatus expected, CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
        {
            if (stream.Current.Status == expected)
            {
                return;
            }
        }
        throw new CaseFailedException($"Watch ended before reporting {expected}");
    }
}
