using Dapper;
using LoveCard.Contracts.Whitelist;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>A terminal as the gateway knows it (table <c>terminals</c>).</summary>
public sealed record TerminalRow
{
    public required string TerminalId { get; init; }

    public required Guid ProviderId { get; init; }

    public string? County { get; init; }

    public string? Model { get; init; }

    /// <summary>Where the terminal is installed, for supervision (anomaly rules compare it with a purchase's
    /// location).</summary>
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>Opening hours on the Asia/Shanghai clock; null when always open. Stored, not enforced by the
    /// gateway.</summary>
    public TimeOnly? OpensAt { get; init; }

    public TimeOnly? ClosesAt { get; init; }

    public required string Status { get; init; }

    public string? ActivationCodeHash { get; init; }

    /// <remarks>Read as UTC <see cref="DateTime"/>: Dapper does not convert timestamptz to DateTimeOffset.</remarks>
    public DateTime? ActivationCodeExpiresAt { get; init; }

    public DateTime? ActivationCodeUsedAt { get; init; }

    public int KeyVersion { get; init; }

    public string? MasterKeyId { get; init; }

    public DateTime? ActivatedAt { get; init; }

    public bool IsDisabled => Status == TerminalStatuses.Disabled;
}
