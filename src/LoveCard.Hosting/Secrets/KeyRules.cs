using System.Text;
using Microsoft.Extensions.Hosting;

namespace LoveCard.Hosting.Secrets;

/// <summary>
/// What a key or secret must be outside Development (docs/security/findings.md, S-1): not one of the
/// public development values, not a placeholder left from a template (<c>CHANGE-ME…</c>), long enough,
/// and not an obviously repetitive value. Every environment that is not Development is held to it
/// (Production, Staging, a pilot county's "Test"): an environment name is a setting anyone can get
/// wrong, and the development keys are in the repository for everyone to read.
/// </summary>
public static class KeyRules
{
    /// <summary>Bytes of a random key: the AES-256 and HMAC-SHA256 keys are 32.</summary>
    public const int KeyBytes = 32;

    /// <summary>A text secret (a client secret) needs this many characters.</summary>
    public const int MinSecretChars = 32;

    // 32 random bytes have about 30 distinct values; 16 or fewer means a pattern, not a key.
    private const int MinDistinctBytes = 17;
    private const int MinDistinctChars = 12;

    private static readonly string[] PlaceholderMarkers =
    [
        "change-me",
        "changeme",
        "change_me",
        "placeholder",
        "example",
        "development",
        "do-not-use",
        "your-",
    ];

    // Published in the repository (the platform's development keys, the local run's secrets and passwords).
    private static readonly HashSet<string> KnownPublic = new(StringComparer.Ordinal)
    {
        Auth.AuthOptions.DevelopmentSigningKey,
        PersonalData.PersonalDataOptions.DevelopmentEncryptionKey,
        PersonalData.PersonalDataOptions.DevelopmentHashKey,
        "lovecard-dev",
        "lovecard-demo-development-secret",
        "lovecard-ops-development-secret",
    };

    /// <summary>True where the rules apply: every environment but Development.</summary>
    public static bool Enforced(IHostEnvironment environment) => !environment.IsDevelopment();

    /// <summary>
    /// Null when <paramref name="base64"/> is an acceptable key of exactly <see cref="KeyBytes"/> bytes
    /// (at least that many when <paramref name="atLeast"/>); otherwise why not, naming the setting.
    /// <paramref name="alsoPublic"/>: a service's own published development value (e.g. a master key).
    /// </summary>
    public static string? ProblemWithKey(
        string setting,
        string? base64,
        bool atLeast = false,
        string? alsoPublic = null
    )
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return $"{setting} is not set.";
        }

        if (IsPublicOrPlaceholder(base64) || base64.Trim() == alsoPublic)
        {
            return $"{setting} is a placeholder or a published development value; "
                + "generate one with `openssl rand -base64 32`.";
        }

        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), bytes, out var length))
        {
            return $"{setting} is not base64.";
        }

        if (atLeast ? length < KeyBytes : length != KeyBytes)
        {
            return $"{setting} must be {(atLeast ? "at least " : "")}{KeyBytes} bytes (base64), not {length}.";
        }

        return bytes.AsSpan(0, length).ToArray().Distinct().Count() < MinDistinctBytes
            ? $"{setting} is too regular to be a random key; generate one with `openssl rand -base64 32`."
            : null;
    }

    /// <summary>Null when <paramref name="secret"/> is an acceptable text secret; otherwise why not.</summary>
    public static string? ProblemWithSecret(string setting, string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return $"{setting} is not set.";
        }

        if (IsPublicOrPlaceholder(secret))
        {
            return $"{setting} is a placeholder or a published development value.";
        }

        if (secret.Length < MinSecretChars)
        {
            return $"{setting} must have at least {MinSecretChars} characters.";
        }

        return secret.Distinct().Count() < MinDistinctChars ? $"{setting} is too regular to be a secret." : null;
    }

    /// <summary>Throws at start-up with every problem found, so one restart fixes them all.</summary>
    public static void ThrowIfAny(IEnumerable<string?> problems)
    {
        var found = problems.Where(p => p is not null).ToArray();
        if (found.Length > 0)
        {
            var text = new StringBuilder("Refusing to start outside Development with unsafe keys: ");
            text.AppendJoin(' ', found);
            throw new InvalidOperationException(text.ToString());
        }
    }

    private static bool IsPublicOrPlaceholder(string value) =>
        KnownPublic.Contains(value.Trim())
        || PlaceholderMarkers.Any(m => value.Contains(m, StringComparison.OrdinalIgnoreCase));
}
