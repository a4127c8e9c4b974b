namespace Recommender.Storage;

/// <summary>
/// Exclusive ownership of a directory through a <c>LOCK</c> file opened with
/// <see cref="FileShare.None"/> (an advisory <c>flock</c> on Unix), released when disposed or
/// when the process dies, so a crashed owner never leaves a stale lock behind.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = "LOCK";

    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    public static DirectoryLock Acquire(string directory)
    {
        string path = Path.Combine(directory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new DataDirectoryLockedException(directory, exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new StorageException($"cannot create the lock file '{path}': {exception.Message}", exception);
        }

        try
        {
            // For people looking at the directory; the lock itself is the open handle.
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            stream.Flush();
        }
        catch (IOException)
        {
            // The owner note is a courtesy; holding the handle is what matters.
        }

        return new DirectoryLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
