using System.Diagnostics.Metrics;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Service;

/// <summary>
/// What the RPCs did beyond the call counts the gRPC layer records (grpc.server.calls by method
/// and status): texts embedded and tokenized per model, truncated texts, and requests refused by
/// a limit, tagged with the field.
/// </summary>
public sealed class EncoderServiceMetrics : IDisposable
{
    private readonly Meter _meter = new(EncoderMeter.Name);
    private readonly Counter<long> _texts;
    private readonly Counter<long> _truncated;
    private readonly Counter<long> _invalid;

    /// <summary>Creates the instruments on the encoder's meter.</summary>
    public EncoderServiceMetrics()
    {
        _texts = _meter.CreateCounter<long>("encoder.texts", "{text}", "Texts answered, by model and RPC (encode, stream, tokenize).");
        _truncated = _meter.CreateCounter<long>("encoder.texts.truncated", "{text}", "Texts cut to the model's maximum length, by model.");
        _invalid = _meter.CreateCounter<long>("encoder.requests.invalid", "{request}", "Requests refused with INVALID_ARGUMENT, by the field at fault.");
    }

    /// <summary>Counts <paramref name="count"/> texts answered by <paramref name="rpc"/>, <paramref name="truncated"/> of them truncated.</summary>
    public void Answered(string model, string rpc, int count, int truncated)
    {
        var modelTag = new KeyValuePair<string, object?>(EncoderMeter.ModelTag, model);
        _texts.Add(count, modelTag, new KeyValuePair<string, object?>("rpc", rpc));
        if (truncated > 0)
        {
            _truncated.Add(truncated, modelTag);
        }
    }

    /// <summary>Counts a request refused because of <paramref name="field"/>.</summary>
    public void Invalid(string field) => _invalid.Add(1, new KeyValuePair<string, object?>("field", field));

    /// <summary>Releases the instruments.</summary>
    public void Dispose() => _meter.Dispose();
}
