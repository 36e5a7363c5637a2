using LoveCard.Hosting.Secrets;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// The gateway's settings (<c>Terminal:…</c>), see docs/terminal-protocol-implementation.md. The
/// master keys live only here, in the settlement service's configuration (TERMINAL-PROTOCOL.md,
/// "Activation": only the settlement service holds the master key).
/// </summary>
public sealed class TerminalOptions
{
    public const string DevelopmentMasterKeyId = "dev";

    /// <summary>Public, so every developer derives the same keys; refused outside Development.</summary>
    public const string DevelopmentMasterKey = "bG92ZWNhcmQtZGV2LXRlcm1pbmFsLW1hc3Rlci1rZXk=";

    /// <summary>Base64 of exactly 32 bytes per master key id; old ids stay while terminals use their keys.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = new();

    public string CurrentMasterKeyId { get; set; } = DevelopmentMasterKeyId;

    public TerminalRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>How long idempotent answers are kept; the protocol asks for at least 24 h.</summary>
    public int IdempotencyRetentionHours { get; set; } = 48;

    /// <summary>Test-only faults (docs/reliability.md, "Fault tests"); ignored in Production.</summary>
    public TerminalFaultInjectionOptions FaultInjection { get; set; } = new();

    public static TerminalOptions From(IConfiguration configuration, IHostEnvironment? environment = null)
    {
        var options = new TerminalOptions();
        configuration.GetSection("Terminal").Bind(options);
        if (environment is null || environment.IsProduction())
        {
            // A crash switch must never be reachable in a real deployment, whatever its configuration says.
            options.FaultInjection = new TerminalFaultInjectionOptions();
        }

        // No environment (a unit or a tool): the development key, which ThrowIfUnsafeFor still refuses.
        if (options.MasterKeys.Count == 0 && (environment is null || !KeyRules.Enforced(environment)))
        {
            options.MasterKeys[DevelopmentMasterKeyId] = DevelopmentMasterKey;
        }

        options.IdempotencyRetentionHours = Math.Max(24, options.IdempotencyRetentionHours);
        return options;
    }

    /// <summary>The decoded master keys; throws at start-up when one is not base64 of 32 bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> DecodeMasterKeys()
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in MasterKeys)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Terminal:MasterKeys:{id} is not base64.");
            }

            if (bytes.Length != 32)
            {
                throw new InvalidOperationException($"Terminal:MasterKeys:{id} must be 32 bytes, not {bytes.Length}.");
            }

            keys[id] = bytes;
        }

        if (!keys.ContainsKey(CurrentMasterKeyId))
        {
            throw new InvalidOperationException(
                $"Terminal:CurrentMasterKeyId '{CurrentMasterKeyId}' has no key in Terminal:MasterKeys."
            );
        }

        return keys;
    }

    /// <summary>
    /// Outside Development (any environment name) the public development key would let anyone derive
    /// every terminal's key, and a placeholder or regular key is no better (finding S-1).
    /// </summary>
    public void ThrowIfUnsafeFor(IHostEnvironment environment)
    {
        if (!KeyRules.Enforced(environment))
        {
            return;
        }

        KeyRules.ThrowIfAny(
            MasterKeys.Count == 0
                ? ["Terminal:MasterKeys:<id> is not set."]
                : MasterKeys.Select(k =>
                    KeyRules.ProblemWithKey($"Terminal:MasterKeys:{k.Key}", k.Value, alsoPublic: DevelopmentMasterKey)
                )
        );
    }
}
