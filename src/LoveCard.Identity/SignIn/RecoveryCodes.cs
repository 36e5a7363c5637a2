using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Identity.SignIn;

/// <summary>
/// Ten one-time codes shown once at TOTP enrolment, stored as SHA-256 hashes (they carry 50 random bits each).
/// </summary>
public static class RecoveryCodes
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static IReadOnlyList<string> New() =>
        Enumerable.Range(0, 10).Select(_ => $"{Random(5)}-{Random(5)}").ToList();

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));

    private static string Random(int length) =>
        new(
            Enumerable.Range(0, length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray()
        );
}
