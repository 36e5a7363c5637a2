using System.Text.Json;

namespace LoveCard.Terminal;

/// <summary>What activation gave this terminal: its id, its key and the key's version, and where the server
/// is.</summary>
public sealed record TerminalCredentials(
    string TerminalId,
    string Key,
    int KeyVersion,
    string? ServerUrl,
    DateTimeOffset? ActivatedAt
)
{
    public byte[] KeyBytes() => Convert.FromBase64String(Key);

    /// <summary>Never print the key: the record's default ToString would.</summary>
    public override string ToString() => $"{TerminalId} (key version {KeyVersion})";
}
