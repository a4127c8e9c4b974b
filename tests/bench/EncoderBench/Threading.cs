namespace Recommender.Encoder.Bench;

/// <summary>
/// How the cores are shared: <see cref="Workers"/> threads each run one inference at a time, each
/// inference on <see cref="IntraOp"/> ONNX Runtime threads (the caller's thread included).
/// </summary>
internal sealed record Threading(int Workers, int IntraOp, bool Spinning)
{
    public int Cores => Workers * IntraOp;

    public override string ToString() => $"{Workers} worker{(Workers == 1 ? "" : "s")} x intra-op {IntraOp}{(Spinning ? "" : ", no spin")}";

    /// <summary>Parses "WxI" (workers x intra-op threads), e.g. "2x1".</summary>
    public static Threading Parse(string text, bool spinning)
    {
        var parts = text.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var workers) || !int.TryParse(parts[1], out var intraOp)
            || workers < 1 || intraOp < 1)
        {
            throw new ArgumentException($"A threading layout is WORKERSxINTRAOP, e.g. 2x1 (was '{text}').");
        }

        return new Threading(workers, intraOp, spinning);
    }
}
