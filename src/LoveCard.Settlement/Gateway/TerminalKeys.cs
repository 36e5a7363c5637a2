using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// Terminal keys, derived on demand and never stored (TERMINAL-PROTOCOL.md, "Activation"):
/// <c>HMAC-SHA256(masterKey[mkid], UTF8("lovecard-terminal-v1") 0x00 UTF8(terminalId) 0x00 ASCII(keyVersion))</c>,
/// keyVersion as its decimal text. The table keeps only the key version and the master key id.
/// </summary>
public sealed class TerminalKeys(TerminalOptions options)
{
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("lovecard-terminal-v1");

    private readonly IReadOnlyDictionary<string, byte[]> _masterKeys = options.DecodeMasterKeys();

    public string CurrentMasterKeyId { get; } = options.CurrentMasterKeyId;

    /// <summary>The key of a terminal at a key version, or null when the master key id is no longer
    /// configured.</summary>
    public byte[]? For(string masterKeyId, string terminalId, int keyVersion) =>
        _masterKeys.TryGetValue(masterKeyId, out var master) ? Derive(master, terminalId, keyVersion) : null;

    public static byte[] Derive(byte[] masterKey, string terminalId, int keyVersion)
    {
        var id = Encoding.UTF8.GetBytes(terminalId);
        var version = Encoding.ASCII.GetBytes(keyVersion.ToString(CultureInfo.InvariantCulture));
        var message = new byte[Label.Length + 1 + id.Length + 1 + version.Length];
        Label.CopyTo(message, 0);
        id.CopyTo(message, Label.Length + 1);
        version.CopyTo(message, Label.Length + 1 + id.Length + 1);
        return HMACSHA256.HashData(masterKey, message);
    }
}
