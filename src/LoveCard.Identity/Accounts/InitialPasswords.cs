using System.Security.Cryptography;

namespace LoveCard.Identity.Accounts;

/// <summary>The password a new or reset staff account starts with.</summary>
public static class InitialPasswords
{
    /// <summary>
    /// 16 characters of four kinds from a cryptographic source; shown once, changed at the first sign-in.
    /// </summary>
    public static string New()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz",
            upper = "ABCDEFGHJKLMNPQRSTUVWXYZ",
            digits = "23456789",
            symbols = "!@#%*+-=?";
        var all = lower + upper + digits + symbols;
        var chars = new[] { Pick(lower), Pick(upper), Pick(digits), Pick(symbols) }
            .Concat(Enumerable.Range(0, 12).Select(_ => Pick(all)))
            .ToArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);

        static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
    }
}
