using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Tests.Batching;

/// <summary>Collects the measurements of <see cref="EncoderMeter.Name"/> instruments tagged with one model.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string? _model;

    public MetricRecorder(string? model)
    {
        _model = model;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EncoderMeter.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public IReadOnlyList<double> Values(string instrument, string? tag = null, object? tagValue = null) =>
        [.. Measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), tagValue)))
            .Select(m => m.Value)];

    /// <summary>Polls the observable instruments (gauges) now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        if (_model is null || Equals(dictionary.GetValueOrDefault(EncoderMeter.ModelTag), _model))
        {
            Measurements.Enqueue((instrument.Name, value, dictionary));
        }
    }
}
