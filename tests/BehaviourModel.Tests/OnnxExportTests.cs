using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recommender.BehaviourModel.Tests;

/// <summary>
/// The exported graphs run in ONNX Runtime (the encoder's runtime) and give the trainer's numbers
/// to 1e-4: user vectors for batched, left-padded histories and for single unpadded ones (dynamic
/// batch and length), scores against the exported item vectors, and the item tower for known and
/// new items.
/// </summary>
public sealed class OnnxExportTests(ReferenceModel model) : IClassFixture<ReferenceModel>
{
    private const float Tolerance = 1e-4f;

    [Fact]
    public void Manifest_says_sequence_model_and_names_the_graphs()
    {
        Assert.Equal("sequence", model.Manifest.GetProperty("kind").GetString());
        Assert.Equal(model.Reference.GetProperty("version").GetString(), model.Manifest.GetProperty("version").GetString());
        Assert.Equal("dot", model.Manifest.GetProperty("score").GetString());
        Assert.True(File.Exists(model.PathOf("user_tower", "file")));
        Assert.True(File.Exists(model.PathOf("item_tower", "file")));
    }

    [Fact]
    public void User_tower_reproduces_the_trainer_batched_and_one_by_one()
    {
        using var session = new InferenceSession(model.PathOf("user_tower", "file"));
        var histories = Histories();
        var expected = model.Reference.GetProperty("user_vectors").EnumerateArray().Select(ReferenceModel.Floats).ToList();

        var batched = UserVectors(session, histories, histories.Max(h => h.Length));
        for (var i = 0; i < histories.Count; i++)
        {
            AssertClose(expected[i], batched[i], $"history {i} in a batch");
        }
        for (var i = 0; i < histories.Count; i++)
        {
            AssertClose(expected[i], UserVectors(session, [histories[i]], histories[i].Length)[0], $"history {i} alone, length {histories[i].Length}");
        }
    }

    [Fact]
    public void Scores_against_the_exported_item_vectors_match_the_trainer()
    {
        using var session = new InferenceSession(model.PathOf("user_tower", "file"));
        var histories = Histories();
        var users = UserVectors(session, histories, model.MaxLength);
        var items = model.ItemVectors();
        var expected = model.Reference.GetProperty("scores").EnumerateArray().Select(ReferenceModel.Floats).ToList();
        for (var u = 0; u < histories.Count; u++)
        {
            var scores = new float[model.ItemIds.Count];
            for (var j = 0; j < scores.Length; j++)
            {
                scores[j] = System.Numerics.Tensors.TensorPrimitives.Dot<float>(users[u], items.AsSpan(j * model.Dimension, model.Dimension));
            }
            AssertClose(expected[u], scores, $"scores of history {u}");
        }
    }

    [Fact]
    public void Item_tower_gives_known_and_new_items_the_trainer_vectors()
    {
        using var session = new InferenceSession(model.PathOf("item_tower", "file"));
        var tower = model.Reference.GetProperty("item_tower");
        var indices = tower.GetProperty("item_indices").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var texts = tower.GetProperty("text_embeddings").EnumerateArray().Select(ReferenceModel.Floats).ToList();
        var textDimension = model.Manifest.GetProperty("text_dimension").GetInt32();
        Assert.All(texts, t => Assert.Equal(textDimension, t.Length));
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor("item_indices", new DenseTensor<long>(indices, [indices.Length])),
            NamedOnnxValue.CreateFromTensor("text_embeddings", new DenseTensor<float>(texts.SelectMany(t => t).ToArray(), [texts.Count, textDimension])),
        ]);
        var output = results.Single(r => r.Name == "item_vectors").AsTensor<float>().ToArray();
        var expected = tower.GetProperty("item_vectors").EnumerateArray().Select(ReferenceModel.Floats).ToList();
        for (var i = 0; i < indices.Length; i++)
        {
            AssertClose(expected[i], output.AsSpan(i * model.Dimension, model.Dimension).ToArray(), $"item tower row {i} (index {indices[i]})");
        }
        // Index 1's vector from the tower is the exported table's first row.
        AssertClose(model.ItemVectors().AsSpan(0, model.Dimension).ToArray(), output.AsSpan(0, model.Dimension).ToArray(), "item 1 against item_vectors.f32");
    }

    private List<long[]> Histories()
    {
        var index = model.ItemIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => (long)p.i + 1);
        return model.Reference.GetProperty("histories").EnumerateArray()
            .Select(h => h.EnumerateArray().Select(id => index[id.GetString()!]).ToArray()).ToList();
    }

    /// <summary>Runs the user tower on histories left-padded with 0 to <paramref name="length"/>.</summary>
    private List<float[]> UserVectors(InferenceSession session, IReadOnlyList<long[]> histories, int length)
    {
        var input = new DenseTensor<long>([histories.Count, length]);
        for (var row = 0; row < histories.Count; row++)
        {
            for (var i = 0; i < histories[row].Length; i++)
            {
                input[row, length - histories[row].Length + i] = histories[row][i];
            }
        }
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("item_indices", input)]);
        var output = results.Single(r => r.Name == "user_vector").AsTensor<float>();
        Assert.Equal([histories.Count, model.Dimension], output.Dimensions.ToArray());
        var flat = output.ToArray();
        return Enumerable.Range(0, histories.Count).Select(r => flat.AsSpan(r * model.Dimension, model.Dimension).ToArray()).ToList();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= Tolerance,
                $"{what}, component {i}: ONNX Runtime gave {actual[i]}, the trainer {expected[i]} (tolerance {Tolerance})");
        }
    }
}
