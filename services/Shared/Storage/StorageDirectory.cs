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

    /// <summary>
    /// Deletes what recovery set aside under <paramref name="dataDirectory"/> (<c>*.snap.invalid</c>,
    /// <c>*.corrupt-&lt;offset&gt;</c>, <c>*.discarded</c>): an erasure must not leave data there. Returns how many.
    /// </summary>
    public static int DeleteSetAsideFiles(string dataDirectory, bool flushToDisk)
    {
        int deleted = 0;
        foreach (string directory in new[] { Path.Combine(dataDirectory, "snapshots"), Path.Combine(dataDirectory, "log") })
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            int before = deleted;
            foreach (string path in Directory.EnumerateFiles(directory))
            {
                string name = Path.GetFileName(path);
                if (name.EndsWith(SnapshotFormat.InvalidExtension, StringComparison.Ordinal)
                    || name.EndsWith(".discarded", StringComparison.Ordinal)
                    || name.Contains(".corrupt-", StringComparison.Ordinal))
                {
                    File.Delete(path);
                    deleted++;
                }
            }

            if (deleted > before && flushToDisk)
            {
                DirectorySync.Flush(directory);
            }
        }

        return deleted;
    }
}
