namespace LoveCard.Console.Api;

/// <summary>A provider's terminal (never its activation code).</summary>
public sealed record TerminalInfo(
    string TerminalId,
    Guid ProviderId,
    string County,
    string Model,
    double? Latitude,
    double? Longitude,
    TimeOnly? OpensAt,
    TimeOnly? ClosesAt,
    string Status,
    DateTimeOffset ActivationCodeExpiresAt,
    long Version,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? DisabledAt
);
