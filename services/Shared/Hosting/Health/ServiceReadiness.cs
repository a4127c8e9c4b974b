namespace Recommender.Hosting.Health;

/// <summary>
/// Named conditions that must all hold before the process takes traffic (for example "model
/// warm-up" or "catalog recovered"). Health reports NOT_SERVING until every condition is ready.
/// </summary>
public sealed class ServiceReadiness
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (bool Ready, string Detail)> _conditions = new(StringComparer.Ordinal);

    public event Action? Changed;

    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _conditions.Values.All(c => c.Ready);
            }
        }
    }

    /// <summary>Every condition with its state, for /readyz.</summary>
    public IReadOnlyDictionary<string, (bool Ready, string Detail)> Conditions
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, (bool, string)>(_conditions);
            }
        }
    }

    /// <summary>Declares or updates a condition.</summary>
    public void Set(string condition, bool ready, string detail = "")
    {
        lock (_gate)
        {
            if (_conditions.TryGetValue(condition, out var current) && current == (ready, detail))
            {
                return;
            }
            _conditions[condition] = (ready, detail);
        }
        Changed?.Invoke();
    }
}
