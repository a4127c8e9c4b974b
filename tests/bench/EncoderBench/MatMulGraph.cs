using System.Text;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Writes a one-node ONNX model, Y = MatMul(X, W), with X float [rows, k] (rows symbolic) and W a
/// constant float [k, n] initializer, as protobuf bytes (field numbers from onnx.proto). It is what
/// ONNX Runtime's MatMul peak is measured with: the same kernel the transformer's projections run.
/// </summary>
internal static class MatMulGraph
{
    public const string InputName = "x";
    public const string OutputName = "y";

    private const int FloatType = 1; // TensorProto.DataType.FLOAT

    public static byte[] Build(int k, int n, int seed = 7)
    {
        var random = new Random(seed);
        var weights = new byte[k * n * sizeof(float)];
        for (var i = 0; i < k * n; i++)
        {
            BitConverter.TryWriteBytes(weights.AsSpan(i * sizeof(float)), (float)((random.NextDouble() - 0.5) * 0.1));
        }

        var model = new Proto();
        model.Varint(1, 7); // ir_version
        model.String(2, "EncoderBench");
        model.Message(8, opset => // opset_import: default domain, opset 13
        {
            opset.String(1, "");
            opset.Varint(2, 13);
        });
        model.Message(7, graph =>
        {
            graph.Message(1, node =>
            {
                node.String(1, InputName);
                node.String(1, "w");
                node.String(2, OutputName);
                node.String(3, "matmul");
                node.String(4, "MatMul");
            });
            graph.String(2, "matmul");
            graph.Message(5, tensor =>
            {
                tensor.Varint(1, k);
                tensor.Varint(1, n);
                tensor.Varint(2, FloatType);
                tensor.String(8, "w");
                tensor.Bytes(9, weights);
            });
            graph.Message(11, input => ValueInfo(input, InputName, k));
            graph.Message(12, output => ValueInfo(output, OutputName, n));
        });
        return model.ToArray();
    }

    /// <summary>A float tensor [rows, columns] with a symbolic first dimension.</summary>
    private static void ValueInfo(Proto info, string name, int columns)
    {
        info.String(1, name);
        info.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, FloatType);
            tensor.Message(2, shape =>
            {
                shape.Message(1, dim => dim.String(2, "rows"));
                shape.Message(1, dim => dim.Varint(1, columns));
            });
        }));
    }

    /// <summary>Just enough of the protobuf wire format: varints, length-delimited fields and nested messages.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public void Varint(int field, long value)
        {
            Tag(field, 0);
            Raw((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, byte[] value)
        {
            Tag(field, 2);
            Raw((ulong)value.Length);
            _bytes.Write(value);
        }

        public void Message(int field, Action<Proto> write)
        {
            var inner = new Proto();
            write(inner);
            Bytes(field, inner.ToArray());
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.WriteByte((byte)value);
        }
    }
}
