using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Gateway.Auth;
using Recommender.Gateway.Backends;
using Recommender.Gateway.Facade;

namespace Recommender.Gateway.Rest;

/// <summary>
/// The facade as HTTP JSON under /v1. Bodies are the proto3 JSON mapping of the same messages the
/// gRPC API takes, so HTTP and gRPC clients see one schema. A request's deadline is the
/// <c>x-timeout-ms</c> header, or Gateway:RestTimeoutMs.
/// </summary>
public static class RestApi
{
    public const string TimeoutHeader = "x-timeout-ms";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
    private static readonly EnumDescriptor HistoryGranularityDescriptor = InterestModelReflection.Descriptor.EnumTypes.Single(e => e.Name == "HistoryGranularity");
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Map(IEndpointRouteBuilder http)
    {
        var facade = http.ServiceProvider.GetRequiredService<RecommenderFacade>();
        var options = http.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;

        Post<RecommendRequest, RecommendResponse>(http, "/v1/recommend", Roles.Read, options, facade.RecommendAsync);
        Get(http, "/v1/users/{userId}/recommendations", Roles.Read, options, context => new RecommendRequest
        {
            UserId = RouteValue(context, "userId"),
            K = QueryInt(context, "k"),
            IncludeSeen = QueryBool(context, "include_seen"),
            Explain = QueryBool(context, "explain"),
        }, facade.RecommendAsync);
        Get(http, "/v1/users/{userId}/interests", Roles.Read, options, context => new GetInterestsRequest
        {
            UserId = RouteValue(context, "userId"),
            TopK = QueryInt(context, "top_k"),
            MaxDepth = QueryInt(context, "max_depth"),
            EvidencePerInterest = QueryInt(context, "evidence_per_interest"),
            RecentItems = QueryInt(context, "recent_items"),
        }, facade.GetInterestsAsync);
        Post<GetInterestsRequest, InterestProfile>(http, "/v1/interests", Roles.Read, options, facade.GetInterestsAsync);
        Get(http, "/v1/users/{userId}/interest-history", Roles.Read, options, context => new GetInterestHistoryRequest
        {
            UserId = RouteValue(context, "userId"),
            Granularity = QueryEnum<HistoryGranularity>(context, "granularity", HistoryGranularityDescriptor),
        }, facade.GetInterestHistoryAsync);
        Post<GetInterestHistoryRequest, InterestHistory>(http, "/v1/interest-history", Roles.Read, options, facade.GetInterestHistoryAsync);
        Get(http, "/v1/users", Roles.Read, options, context => new ListRecentUsersRequest
        {
            Limit = QueryInt(context, "limit"),
            Prefix = context.Request.Query["prefix"].ToString(),
        }, facade.ListRecentUsersAsync);
        Get(http, "/v1/categories", Roles.Read, options, context => new ListCategoriesRequest
        {
            Prefix = context.Request.Query["prefix"].ToString(),
            MaxDepth = QueryInt(context, "max_depth"),
        }, facade.ListCategoriesAsync);
        Post<RecordEventsRequest, RecordEventsResponse>(http, "/v1/events", Roles.Write, options, facade.RecordEventsAsync);
        Post<UpsertItemsRequest, UpsertItemsResponse>(http, "/v1/items", Roles.Admin, options, facade.UpsertItemsAsync);
        Post<DeleteItemsRequest, DeleteItemsResponse>(http, "/v1/items:delete", Roles.Admin, options, facade.DeleteItemsAsync);
        Delete(http, "/v1/items/{itemId}", Roles.Admin, options, context => new DeleteItemsRequest { Ids = { RouteValue(context, "itemId") } }, facade.DeleteItemsAsync);
        Delete(http, "/v1/users/{userId}", Roles.Admin, options, context => new DeleteUserRequest { UserId = RouteValue(context, "userId") }, facade.DeleteUserAsync);
        Post<EncodeRequest, EncodeResponse>(http, "/v1/encode", Roles.Read, options, facade.EncodeAsync);
    }

    private static void Post<TRequest, TResponse>(IEndpointRouteBuilder http, string path, string role, GatewayOptions options, Func<TRequest, CallScope, Task<TResponse>> call)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        RequestDelegate handler = async context =>
        {
            TRequest request;
            try
            {
                request = await ReadJsonAsync<TRequest>(context, options.MaxRestBodyBytes);
            }
            catch (Exception e) when (e is InvalidJsonException or InvalidProtocolBufferException or BadHttpRequestException or FormatException)
            {
                await GatewayError.InvalidArgument.WriteAsync(context, $"The request body is not a valid {typeof(TRequest).Name} in proto3 JSON: {e.Message}");
                return;
            }
            await Answer(context, options, call, request);
        };
        Handle(http.MapPost(path, handler), role);
    }

    private static void Get<TRequest, TResponse>(IEndpointRouteBuilder http, string path, string role, GatewayOptions options, Func<HttpContext, TRequest> read, Func<TRequest, CallScope, Task<TResponse>> call)
        where TResponse : IMessage<TResponse>
    {
        RequestDelegate handler = async context =>
        {
            TRequest request;
            try
            {
                request = read(context);
            }
            catch (FormatException e)
            {
                await GatewayError.InvalidArgument.WriteAsync(context, e.Message);
                return;
            }
            await Answer(context, options, call, request);
        };
        Handle(http.MapGet(path, handler), role);
    }

    private static void Delete<TRequest, TResponse>(IEndpointRouteBuilder http, string path, string role, GatewayOptions options, Func<HttpContext, TRequest> read, Func<TRequest, CallScope, Task<TResponse>> call)
        where TResponse : IMessage<TResponse>
    {
        RequestDelegate handler = context => Answer(context, options, call, read(context));
        Handle(http.MapDelete(path, handler), role);
    }

    private static void Handle(IEndpointConventionBuilder endpoint, string role) => endpoint.WithMetadata(new RequiredRole(role));

    private static async Task Answer<TRequest, TResponse>(HttpContext context, GatewayOptions options, Func<TRequest, CallScope, Task<TResponse>> call, TRequest request)
        where TResponse : IMessage<TResponse>
    {
        CallScope scope;
        try
        {
            scope = new CallScope(DateTime.UtcNow.AddMilliseconds(TimeoutOf(context, options)), context.RequestAborted);
        }
        catch (FormatException e)
        {
            await GatewayError.InvalidArgument.WriteAsync(context, e.Message);
            return;
        }
        try
        {
            var response = await call(request, scope);
            if (DateTime.UtcNow > scope.Deadline)
            {
                // As a gRPC server does: an answer ready only after the caller's deadline is not sent.
                await GatewayError.DeadlineExceeded.WriteAsync(context, "The deadline passed before the answer was ready.");
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(Formatter.Format(response));
        }
        catch (RpcException e)
        {
            await new GatewayError(e.StatusCode).WriteAsync(context, e.Status.Detail);
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContext context, long maxBodyBytes) where T : IMessage<T>, new()
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodyBytes;
        }
        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync(context.RequestAborted);
        return Parser.Parse<T>(json.Length == 0 ? "{}" : json);
    }

    private static int TimeoutOf(HttpContext context, GatewayOptions options)
    {
        var header = context.Request.Headers[TimeoutHeader].ToString();
        if (header.Length == 0)
        {
            return options.RestTimeoutMs;
        }
        return int.TryParse(header, out var milliseconds) && milliseconds is >= 1 and <= 600_000
            ? milliseconds
            : throw new FormatException($"{TimeoutHeader} must be a whole number of milliseconds in 1..600000 (got '{header}').");
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    private static int QueryInt(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? 0 : int.TryParse(value, out var parsed) ? parsed : throw new FormatException($"Query parameter {name} must be a whole number (got '{value}').");
    }

    /// <summary>
    /// An enum query parameter by its proto name (HISTORY_GRANULARITY_WEEK) or the part after the enum's
    /// prefix (week, any case); empty means the zero value.
    /// </summary>
    private static T QueryEnum<T>(HttpContext context, string name, EnumDescriptor descriptor) where T : struct, Enum
    {
        var value = context.Request.Query[name].ToString();
        if (value.Length == 0)
        {
            return default;
        }
        var prefix = descriptor.Values[0].Name[..(descriptor.Values[0].Name.LastIndexOf('_') + 1)];
        var match = descriptor.FindValueByName(value) ?? descriptor.FindValueByName(prefix + value.ToUpperInvariant());
        return match is not null
            ? (T)Enum.ToObject(typeof(T), match.Number)
            : throw new FormatException($"Query parameter {name} must be one of {string.Join(", ", descriptor.Values.Select(v => v.Name))} (got '{value}').");
    }

    private static bool QueryBool(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? false : bool.TryParse(value, out var parsed) ? parsed : throw new FormatException($"Query parameter {name} must be true or false (got '{value}').");
    }
}
