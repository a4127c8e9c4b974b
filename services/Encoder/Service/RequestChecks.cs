using Google.Protobuf.Collections;
using Grpc.Core;

namespace Recommender.Encoder.Service;

/// <summary>Checks a request's texts against <see cref="EncoderLimits"/>; a violation is INVALID_ARGUMENT naming the field and the limit.</summary>
internal sealed class RequestChecks(EncoderLimits limits, EncoderServiceMetrics metrics)
{
    /// <summary>Throws when <paramref name="texts"/> is empty, too long, or holds a text with too many characters.</summary>
    /// <param name="texts">The request's texts.</param>
    /// <param name="context">Prefix naming where the texts are, e.g. "chunk 'c1': ", or empty.</param>
    /// <exception cref="RpcException">INVALID_ARGUMENT.</exception>
    public void Texts(RepeatedField<string> texts, string context = "")
    {
        if (texts.Count == 0)
        {
            throw Invalid("texts", $"{context}texts: the list is empty; send 1 to {limits.MaxTextsPerRequest} texts.");
        }

        if (texts.Count > limits.MaxTextsPerRequest)
        {
            throw Invalid("texts", $"{context}texts: {texts.Count} texts, more than the limit of {limits.MaxTextsPerRequest} per request " +
                $"({EncoderLimits.SectionName}:{nameof(EncoderLimits.MaxTextsPerRequest)}); split them over several requests or use EncodeStream.");
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Length > limits.MaxCharactersPerText)
            {
                throw Invalid("texts", $"{context}texts[{i}]: {texts[i].Length} characters, more than the limit of {limits.MaxCharactersPerText} per text " +
                    $"({EncoderLimits.SectionName}:{nameof(EncoderLimits.MaxCharactersPerText)}); shorten it (the model reads only its first tokens anyway).");
            }
        }
    }

    private RpcException Invalid(string field, string message)
    {
        metrics.Invalid(field);
        return new RpcException(new Status(StatusCode.InvalidArgument, message));
    }
}
