using System.Globalization;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>Small checks shared by the request validators; each throws <see cref="RequestValidationException"/> naming the field.</summary>
internal static class Fields
{
    /// <summary>A limit as people read it, with its configuration key: <c>1,000 (CandidateRetrieval:Limits:MaxK)</c>.</summary>
    public static string Limit(int value, string setting) =>
        $"{value.ToString("N0", CultureInfo.InvariantCulture)} (CandidateRetrieval:Limits:{setting})";

    public static void Count(int count, int min, int max, string field, string setting, string what)
    {
        if (count < min)
        {
            throw new RequestValidationException(field, $"{field} is empty; send 1 to {Limit(max, setting)} {what}");
        }
        if (count > max)
        {
            throw new RequestValidationException(field,
                $"{field} has {count.ToString("N0", CultureInfo.InvariantCulture)} {what}; the limit is {Limit(max, setting)}");
        }
    }

    public static void Length(string value, int max, string field, string setting)
    {
        if (value.Length > max)
        {
            throw new RequestValidationException(field,
                $"{field} is {value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; the limit is {Limit(max, setting)}");
        }
    }

    public static void Id(string id, int maxLength, string field)
    {
        if (id.Length == 0)
        {
            throw new RequestValidationException(field, $"{field} is empty; ids are 1 to {Limit(maxLength, "MaxIdLength")} characters");
        }
        Length(id, maxLength, field, "MaxIdLength");
    }

    /// <summary>Ids of one request: each valid, none repeated.</summary>
    public static void UniqueIds(IReadOnlyList<string> ids, int maxLength, string field)
    {
        var seen = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            Id(ids[i], maxLength, $"{field}[{i}]");
            if (!seen.TryAdd(ids[i], i))
            {
                throw new RequestValidationException($"{field}[{i}]", $"{field}[{i}] '{ids[i]}' repeats {field}[{seen[ids[i]]}]; ids in one request must be distinct");
            }
        }
    }

    /// <summary>A vector: finite components, not all zero, and (when given) exactly <paramref name="dimension"/> components.</summary>
    public static void Vector(IReadOnlyList<float> vector, int maxDimension, string field)
    {
        if (vector.Count > maxDimension)
        {
            throw new RequestValidationException(field, $"{field} has {vector.Count} components; the limit is {Limit(maxDimension, "MaxDimension")}");
        }
        var nonZero = false;
        for (var i = 0; i < vector.Count; i++)
        {
            var value = vector[i];
            if (!float.IsFinite(value))
            {
                throw new RequestValidationException($"{field}[{i}]", $"{field}[{i}] is {value.ToString(CultureInfo.InvariantCulture)}; vector components must be finite numbers");
            }
            nonZero |= value != 0;
        }
        if (!nonZero)
        {
            throw new RequestValidationException(field, $"{field} is the zero vector, which has no direction for cosine similarity; at least one component must be non-zero");
        }
    }

    /// <summary>The vector has the catalog's dimension (when the catalog has one).</summary>
    public static void Dimension(int count, int dimension, string field)
    {
        if (dimension > 0 && count != dimension)
        {
            throw new RequestValidationException(field,
                $"{field} has {count} components; the catalog's dimension is {dimension} (fixed by its first item; an empty catalog takes a new one)");
        }
    }
}
