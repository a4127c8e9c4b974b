using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Recommender.Hosting.Metrics;

/// <summary>
/// Collects System.Diagnostics.Metrics instruments of the listed meters and renders them in the
/// Prometheus text format for <c>/metrics</c> (the Prometheus and OpenTelemetry exporter packages
/// are not available in this build environment, see ARCHITECTURE.md).
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    private static readonly string[] DefaultMeterPrefixes = ["Recommender", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];
    private static readonly double[] MillisecondBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private static readonly double[] SecondBuckets = MillisecondBuckets.Select(b => b / 1000).ToArray();
    private static readonly double[] RatioBuckets = [0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1];
    private static readonly double[] CountBuckets = Enumerable.Range(0, 17).Select(i => Math.Pow(2, i)).ToArray();

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();
    private readonly string[] _meterPrefixes;

    public PrometheusMetrics(IEnumerable<string>? meterPrefixes = null)
    {
        _meterPrefixes = meterPrefixes?.ToArray() ?? DefaultMeterPrefixes;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meterPrefixes.Any(prefix => instrument.Meter.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                _series.TryAdd(instrument, new InstrumentSeries(instrument, BucketsFor(instrument)));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
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

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Record(value, tags);
        }
    }

    private static double[]? BucketsFor(Instrument instrument)
    {
        if (instrument is not Histogram<double> and not Histogram<long> and not Histogram<int> and not Histogram<float>)
        {
            return null;
        }
        return instrument.Unit switch
        {
            "ms" => MillisecondBuckets,
            "s" => SecondBuckets,
            "{ratio}" or "1" => RatioBuckets,
            _ => CountBuckets,
        };
    }

    /// <summary>All label sets of one instrument.</summary>
    private sealed class InstrumentSeries
    {
        private readonly Instrument _instrument;
        private readonly double[]? _buckets;
        private readonly ConcurrentDictionary<string, Point> _points = new(StringComparer.Ordinal);
        private readonly string _type;
        private readonly bool _cumulative;

        public InstrumentSeries(Instrument instrument, double[]? buckets)
        {
            _instrument = instrument;
            _buckets = buckets;
            Name = Sanitize(instrument.Name + (string.IsNullOrEmpty(instrument.Unit) || instrument.Unit.StartsWith('{') ? "" : "_" + instrument.Unit));
            var genericType = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            (_type, _cumulative) = genericType.Name switch
            {
                "Counter`1" => ("counter", true),
                "UpDownCounter`1" => ("gauge", true),
                "ObservableCounter`1" => ("counter", false),
                _ when buckets is not null => ("histogram", true),
                _ => ("gauge", false),
            };
            if (_type == "counter" && !Name.EndsWith("_total", StringComparison.Ordinal))
            {
                Name += "_total";
            }
        }

        public string Name { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = FormatLabels(tags);
            var point = _points.GetOrAdd(labels, _ => new Point(_buckets?.Length ?? 0));
            lock (point)
            {
                if (_buckets is not null)
                {
                    point.Count++;
                    point.Value += value;
                    // Bucket i counts values <= bound i; values above the last bound count only in +Inf.
                    var index = Array.BinarySearch(_buckets, value);
                    if (index < 0)
                    {
                        index = ~index;
                    }
                    if (index < _buckets.Length)
                    {
                        point.BucketCounts[index]++;
                    }
                }
                else if (_cumulative)
                {
                    point.Value += value;
                }
                else
                {
                    point.Value = value;
                }
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
            foreach (var (labels, point) in _points.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (point)
                {
                    if (_buckets is null)
                    {
                        text.Append(Name).Append(Braces(labels)).Append(' ').Append(Number(point.Value)).Append('\n');
                        continue;
                    }
                    long cumulative = 0;
                    for (var i = 0; i < _buckets.Length; i++)
                    {
                        cumulative += point.BucketCounts[i];
                        text.Append(Name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Number(_buckets[i])}\""))).Append(' ').Append(cumulative).Append('\n');
                    }
                    text.Append(Name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(point.Count).Append('\n');
                    text.Append(Name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(point.Value)).Append('\n');
                    text.Append(Name).Append("_count").Append(Braces(labels)).Append(' ').Append(point.Count).Append('\n');
                }
            }
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

        private static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }
            var parts = new List<string>(tags.Length);
            foreach (var tag in tags)
            {
                var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                parts.Add($"{Sanitize(tag.Key)}=\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"");
            }
            parts.Sort(StringComparer.Ordinal);
            return string.Join(',', parts);
        }

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

    private sealed class Point(int bucketCount)
    {
        public double Value;
        public long Count;
        public readonly long[] BucketCounts = new long[bucketCount];
    }
}
