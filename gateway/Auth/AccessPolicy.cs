namespace Recommender.Gateway.Auth;

/// <summary>The role each gRPC method requires, for the facade and for the backends routed through the gateway.</summary>
public static class AccessPolicy
{
    private static readonly Dictionary<string, string> ByMethod = new(StringComparer.Ordinal)
    {
        ["/recsys.v1.Recommender/Recommend"] = Roles.Read,
        ["/recsys.v1.Recommender/GetInterests"] = Roles.Read,
        ["/recsys.v1.Recommender/GetInterestHistory"] = Roles.Read,
        ["/recsys.v1.Recommender/ListRecentUsers"] = Roles.Read,
        ["/recsys.v1.Recommender/ListCategories"] = Roles.Read,
        ["/recsys.v1.Recommender/Encode"] = Roles.Read,
        ["/recsys.v1.Recommender/RecordEvents"] = Roles.Write,
        ["/recsys.v1.Recommender/UpsertItems"] = Roles.Admin,
        ["/recsys.v1.Recommender/DeleteItems"] = Roles.Admin,
        ["/recsys.v1.Recommender/DeleteUser"] = Roles.Admin,
        ["/recsys.v1.InterestModel/RecordEvents"] = Roles.Write,
        ["/recsys.v1.InterestModel/RecordEventsStream"] = Roles.Write,
        ["/recsys.v1.InterestModel/DeleteUser"] = Roles.Admin,
        ["/recsys.v1.CandidateRetrieval/UpsertItems"] = Roles.Admin,
        ["/recsys.v1.CandidateRetrieval/UpsertItemsStream"] = Roles.Admin,
        ["/recsys.v1.CandidateRetrieval/DeleteItems"] = Roles.Admin,
    };

    /// <summary>Services whose other methods are reads.</summary>
    private static readonly HashSet<string> ReadServices = new(StringComparer.Ordinal)
    {
        "recsys.v1.Encoder", "recsys.v1.InterestModel", "recsys.v1.CandidateRetrieval", "recsys.v1.Ranking",
    };

    /// <summary>Open to everyone: health checks and reflection (which only describes the API).</summary>
    private static readonly HashSet<string> AnonymousServices = new(StringComparer.Ordinal)
    {
        "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    };

    /// <summary>The role a gRPC path requires; null when it is open to everyone. Unknown methods require admin.</summary>
    public static string? RoleForGrpcPath(string path)
    {
        if (ByMethod.TryGetValue(path, out var role))
        {
            return role;
        }
        var service = path.Length > 1 && path.IndexOf('/', 1) is var slash and > 0 ? path[1..slash] : "";
        if (AnonymousServices.Contains(service))
        {
            return null;
        }
        return ReadServices.Contains(service) ? Roles.Read : Roles.Admin;
    }
}
