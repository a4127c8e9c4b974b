using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Recommender.Hosting.Metrics;

/// <summary>
/// Collects System.Diagnostics.Metrics instruments of the listed meters and renders them in the
/// Prometheus text format for <c>/metrics</c> (the Prometheus and OpenTelemetry exporter packages
/// are not available in this build environment, see ARCHITECTURE.md). Recording is lock-free and
/// allocates only the first time a label set is seen, because it runs on every request.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    /// <summary>Our own meters. ASP.NET Core's meters stay off: enabling them makes Kestrel do work on every request, and the gRPC layer measures calls itself.</summary>
    private static readonly string[] DefaultMeterPrefixes = ["Recommender"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();

    public PrometheusMetrics(IEnumerable<string>? meterPrefixes = null)
    {
        var prefixes = meterPrefixes?.ToArray() ?? DefaultMeterPrefixes;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (prefixes.Any(prefix => instrument.Meter.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                listener.EnableMeasurementEvents(instrument, _series.GetOrAdd(instrument, i => new InstrumentSeries(i)));
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The current values in Prometheus text exposition format 0.0.4.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            series.Render(text);
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>All label sets of one instrument.</summary>
internal sealed class InstrumentSeries
{
    private static readonly double[] MillisecondBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private static readonly double[] SecondBuckets = MillisecondBuckets.Select(b => b / 1000).ToArray();
    private static readonly double[] RatioBuckets = [0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1];
    private static readonly double[] CountBuckets = Enumerable.Range(0, 17).Select(i => Math.Pow(2, i)).ToArray();

    private readonly Instrument _instrument;
    private readonly double[]? _buckets;
    private readonly string _type;
    private readonly bool _cumulative;
    private readonly ConcurrentDictionary<long, SeriesPoint> _points = new();

    public InstrumentSeries(Instrument instrument)
    {
        _instrument = instrument;
        var kind = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition().Name : instrument.GetType().Name;
        _buckets = kind == "Histogram`1"
            ? instrument.Unit switch
            {
                "ms" => MillisecondBuckets,
                "s" => SecondBuckets,
                "{ratio}" or "1" => RatioBuckets,
                _ => CountBuckets,
            }
            : null;
        (_type, _cumulative) = kind switch
        {
            "Counter`1" => ("counter", true),
            "UpDownCounter`1" => ("gauge", true),
            "ObservableCounter`1" => ("counter", false),
            "Histogram`1" => ("histogram", true),
            _ => ("gauge", false),
        };
        // UCUM units become Prometheus suffixes; annotations like {item} add none.
        var unit = instrument.Unit switch
        {
            null or "" => "",
            ['{', ..] => "",
            "By" => "_bytes",
            var other => "_" + other,
        };
        Name = Sanitize(instrument.Name + unit);
        if (_type == "counter" && !Name.EndsWith("_total", StringComparison.Ordinal))
        {
            Name += "_total";
        }
    }

    public string Name { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var point = Find(tags);
        if (_buckets is not null)
        {
            // Bucket i counts values <= bound i; values above the last bound count only in +Inf.
            var index = Array.BinarySearch(_buckets, value);
            if (index < 0)
            {
                index = ~index;
            }
            if (index < _buckets.Length)
            {
                Interlocked.Increment(ref point.BucketCounts[index]);
            }
            Interlocked.Increment(ref point.Count);
            AddDouble(ref point.Value, value);
        }
        else if (_cumulative)
        {
            AddDouble(ref point.Value, value);
        }
        else
        {
            Volatile.Write(ref point.Value, value);
        }
    }

    public void Render(StringBuilder text)
    {
        if (_points.IsEmpty)
        {
            return;
        }
        if (!string.IsNullOrEmpty(_instrument.Description))
        {
            text.Append("# HELP ").Append(Name).Append(' ').Append(_instrument.Description.Replace('\n', ' ')).Append('\n');
        }
        text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
        foreach (var point in _points.Values.SelectMany(p => p.AndCollisions()).OrderBy(p => p.Labels, StringComparer.Ordinal))
        {
            if (_buckets is null)
            {
                text.Append(Name).Append(Braces(point.Labels)).Append(' ').Append(Number(Volatile.Read(ref point.Value))).Append('\n');
                continue;
            }
            long cumulative = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                cumulative += Volatile.Read(ref point.BucketCounts[i]);
                text.Append(Name).Append("_bucket").Append(Braces(Join(point.Labels, $"le=\"{Number(_buckets[i])}\""))).Append(' ').Append(cumulative).Append('\n');
            }
            var count = Math.Max(cumulative, Volatile.Read(ref point.Count));
            text.Append(Name).Append("_bucket").Append(Braces(Join(point.Labels, "le=\"+Inf\""))).Append(' ').Append(count).Append('\n');
            text.Append(Name).Append("_sum").Append(Braces(point.Labels)).Append(' ').Append(Number(Volatile.Read(ref point.Value))).Append('\n');
            text.Append(Name).Append("_count").Append(Braces(point.Labels)).Append(' ').Append(count).Append('\n');
        }
    }

    /// <summary>The point of this label set: found by a hash of the tags, confirmed by comparing them, created on first sight.</summary>
    private SeriesPoint Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = 17L;
        foreach (var tag in tags)
        {
            hash = hash * 31 + tag.Key.GetHashCode();
            hash = hash * 31 + (tag.Value?.GetHashCode() ?? 0);
        }
        if (_points.TryGetValue(hash, out var point))
        {
            for (var candidate = point; candidate is not null; candidate = candidate.Next)
            {
                if (candidate.Matches(tags))
                {
                    return candidate;
                }
            }
        }
        var created = new SeriesPoint(tags, FormatLabels(tags), _buckets?.Length ?? 0);
        lock (_points)
        {
            if (!_points.TryGetValue(hash, out var head))
            {
                _points[hash] = created;
                return created;
            }
            for (var candidate = head; candidate is not null; candidate = candidate.Next)
            {
                if (candidate.Matches(tags))
                {
                    return candidate;
                }
            }
            created.Next = head.Next; // a hash collision: chain it
            head.Next = created;
            return created;
        }
    }

    private static void AddDouble(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }

    private static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{Sanitize(tag.Key)}=\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"");
        }
        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

    private static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_')
            {
                chars[i] = '_';
            }
        }
        return new string(chars);
    }
}

/// <summary>The value (or histogram) of one label set.</summary>
internal sealed class SeriesPoint(ReadOnlySpan<KeyValuePair<string, object?>> tags, string labels, int bucketCount)
{
    private readonly KeyValuePair<string, object?>[] _tags = tags.ToArray();

    public readonly string Labels = labels;
    public readonly long[] BucketCounts = new long[bucketCount];
    public double Value;
    public long Count;
    public SeriesPoint? Next;

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }
        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, _tags[i].Value))
            {
                return false;
            }
        }
        return true;
    }

    public IEnumerable<SeriesPoint> AndCollisions()
    {
        for (var point = this; point is not null; point = point.Next)
        {
            yield return point;
        }
    }
}
