namespace Recommender.Gateway.Auth;

/// <summary>Who may call the gateway (section <c>Gateway:Auth</c>).</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Off only for local experiments: every caller then has every role.</summary>
    public bool Enabled { get; set; } = true;

    public List<ApiKeyEntry> Keys { get; set; } = new();

    /// <summary>Sustained requests per second allowed to one key unless the key says otherwise.</summary>
    public double PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests one key may make at once above the sustained rate (token bucket size).</summary>
    public int Burst { get; set; } = 400;

    public void Validate()
    {
        if (PermitsPerSecond <= 0 || Burst < 1)
        {
            throw new InvalidOperationException($"Gateway:Auth:PermitsPerSecond must be positive and Burst at least 1 (were {PermitsPerSecond}, {Burst}).");
        }
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Length < 8)
            {
                throw new InvalidOperationException($"Gateway:Auth:Keys:{i}:Key must be at least 8 characters.");
            }
            var unknown = key.Roles.Where(r => !Roles.All.Contains(r)).ToList();
            if (key.Roles.Count == 0 || unknown.Count > 0)
            {
                throw new InvalidOperationException($"Gateway:Auth:Keys:{i}:Roles must name roles among {string.Join(", ", Roles.All)} (got {string.Join(", ", key.Roles)}).");
            }
            if (key.PermitsPerSecond is <= 0 || key.Burst is < 1)
            {
                throw new InvalidOperationException($"Gateway:Auth:Keys:{i}: PermitsPerSecond must be positive and Burst at least 1.");
            }
        }
        if (Keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != Keys.Count)
        {
            throw new InvalidOperationException("Gateway:Auth:Keys lists the same key twice.");
        }
    }
}

/// <summary>One API key, its roles and optionally its own rate.</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";

    /// <summary>A name for logs and metrics (the key itself is never logged).</summary>
    public string Name { get; set; } = "";

    public List<string> Roles { get; set; } = new();

    public double? PermitsPerSecond { get; set; }

    public int? Burst { get; set; }
}

/// <summary>The roles: read (recommendations, interests, encoding, catalog reads), write (events), admin (catalog changes, user deletion).</summary>
public static class Roles
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Read, Write, Admin };
}

/// <summary>Endpoint metadata: the role a REST endpoint requires.</summary>
public sealed record RequiredRole(string Role);
