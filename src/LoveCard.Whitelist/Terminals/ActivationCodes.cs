using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Whitelist.Terminals;

/// <summary>
/// One-time terminal activation codes (TERMINAL-PROTOCOL.md, "Activation"): random, shown once,
/// valid 24 h; only their SHA-256 is stored and published, so neither this service's tables nor the
/// bus can activate a terminal.
/// </summary>
public static class ActivationCodes
{
    public static readonly TimeSpan Validity = TimeSpan.FromHours(24);

    /// <summary>Crockford's base-32 (no I, L, O, U), easy to read out and type.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>26 symbols of 5 bits: 130 bits of randomness, above the 128 the issue asks for.</summary>
    public const int Length = 26;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Lowercase hex SHA-256 of the code's UTF-8 bytes, as <c>TerminalRegistered.ActivationCodeHash</c>
    /// says.</summary>
    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private const string TerminalIdAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>A server-chosen terminal id: <c>T</c> and 11 characters.</summary>
    public static string NewTerminalId() => "T" + RandomNumberGenerator.GetString(TerminalIdAlphabet, 11);
}
