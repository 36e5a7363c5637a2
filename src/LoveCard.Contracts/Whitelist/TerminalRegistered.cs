namespace LoveCard.Contracts.Whitelist;

/// <summary>
/// A service settlement terminal was registered or re-registered. Carries only the hash of the
/// one-time activation code (TERMINAL-PROTOCOL.md, "Activation"): never a code, never a key.
/// </summary>
public sealed record TerminalRegistered : IntegrationEvent
{
    public required string TerminalId { get; init; }

    public required Guid ProviderId { get; init; }

    public required string County { get; init; }

    /// <summary>Lowercase hex SHA-256 of the activation code.</summary>
    public required string ActivationCodeHash { get; init; }

    public required DateTimeOffset ActivationCodeExpiresAt { get; init; }

    public string? Model { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>Opening hours (Asia/Shanghai), or null when always open.</summary>
    public TimeOnly? OpensAt { get; init; }

    public TimeOnly? ClosesAt { get; init; }
}
