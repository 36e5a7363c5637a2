using OtpNet;

namespace LoveCard.Identity.SignIn;

/// <summary>
/// TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1, as every authenticator app reads it) with Otp.NET.
/// </summary>
public static class Totp
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The otpauth URI an authenticator app reads from the QR code.</summary>
    public static string Uri(string secret, string userName) =>
        $"otpauth://totp/{System.Uri.EscapeDataString("爱心卡:" + userName)}?secret={secret}"
        + $"&issuer={System.Uri.EscapeDataString("爱心卡")}&digits=6&period=30";

    /// <summary>The time step the code matches (one step either side for clock drift), or null.</summary>
    public static long? Verify(string secret, string? code, DateTimeOffset now)
    {
        var digits = code?.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (digits is not { Length: 6 } || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(1, 1)) ? step : null;
    }

    /// <summary>The code for <paramref name="now"/> (the demo and the tests compute it from the secret).</summary>
    public static string Compute(string secret, DateTimeOffset now) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(now.UtcDateTime);
}
