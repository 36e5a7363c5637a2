using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Terminals;

public sealed record TerminalRow
{
    public required string TerminalId { get; init; }
    public required Guid ProviderId { get; init; }
    public required string County { get; init; }
    public required string Model { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public TimeOnly? OpensAt { get; init; }
    public TimeOnly? ClosesAt { get; init; }
    public required string Status { get; init; }
    public required string ActivationCodeHash { get; init; }
    public required DateTimeOffset ActivationCodeExpiresAt { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
}
