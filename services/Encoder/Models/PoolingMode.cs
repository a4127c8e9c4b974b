using System.Text.Json.Serialization;

namespace Recommender.Encoder.Models;

/// <summary>How token vectors become one text vector.</summary>
public enum PoolingMode
{
    /// <summary>Average of the vectors of the text's tokens (padding excluded), as sentence-transformers does.</summary>
    [JsonStringEnumMemberName("mean")]
    Mean,

    /// <summary>The vector of the first token ([CLS]).</summary>
    [JsonStringEnumMemberName("cls")]
    Cls,

    /// <summary>The model already outputs one vector per text ([batch, dimension]).</summary>
    [JsonStringEnumMemberName("none")]
    None,
}
