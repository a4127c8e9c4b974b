namespace Recommender.Encoder.Models;

/// <summary>A model directory that cannot be served: names the file and what is wrong with it.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/>.</summary>
    public ModelLoadException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file at fault (or the model directory when the problem is the directory itself).</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
