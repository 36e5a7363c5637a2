using System.Text.Json;

namespace LoveCard.Terminal;

/// <summary>
/// The local key file. The key is the terminal's only secret (TERMINAL-PROTOCOL.md "Activation": it is
/// answered once and never travels again), so the file is readable by its owner only (mode 0600) and
/// is replaced atomically, so a crash mid-write cannot leave a terminal without its key.
/// </summary>
public static class TerminalKeyFile
{
    public const string PathVariable = "LOVECARD_TERMINAL_KEY_FILE";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary><c>$LOVECARD_TERMINAL_KEY_FILE</c>, else <c>~/.lovecard/terminal-key.json</c>.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path
            ? path
            : System.IO.Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".lovecard",
                "terminal-key.json"
            );

    public static void Save(string path, TerminalCredentials credentials)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(
            directory,
            $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp"
        );
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the start: chmod after writing would leave a moment where others could read it.
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, credentials, FileJson);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static TerminalCredentials Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No terminal key file at {path}: activate the terminal first (lovecard-terminal activate --terminal "
                    + $"T --code C).",
                path
            );
        }

        if (
            !OperatingSystem.IsWindows()
            && (
                File.GetUnixFileMode(path)
                & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)
            ) != 0
        )
        {
            // Someone loosened it: tighten rather than refuse, the terminal must keep working.
            File.SetUnixFileMode(path, OwnerOnly);
        }

        var credentials = JsonSerializer.Deserialize<TerminalCredentials>(File.ReadAllText(path), FileJson)
            ?? throw new InvalidDataException($"The terminal key file {path} is empty.");
        if (string.IsNullOrEmpty(credentials.TerminalId) || string.IsNullOrEmpty(credentials.Key))
        {
            throw new InvalidDataException($"The terminal key file {path} has no terminal id or key.");
        }

        return credentials;
    }

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
