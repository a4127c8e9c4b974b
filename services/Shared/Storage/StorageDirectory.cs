namespace Recommender.Storage;

/// <summary>Creating a directory the store needs, with an error that names it when that fails.</summary>
internal static class StorageDirectory
{
    public static string Ensure(string directory, string settingName)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException($"{settingName} must name a directory, got an empty value", settingName);
        }

        string full = Path.GetFullPath(directory);
        try
        {
            if (File.Exists(full))
            {
                throw new StorageException($"{settingName} '{full}' is a file, not a directory");
            }

            Directory.CreateDirectory(full);
            // Fail now, with the directory's name, if it cannot be listed.
            _ = Directory.EnumerateFileSystemEntries(full).Any();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{settingName} '{full}' cannot be created or read: {exception.Message}", exception);
        }

        return full;
    }
}
