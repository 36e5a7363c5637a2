using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Terminals;

/// <summary>A terminal as listed: never its activation code, and not even the code's hash.</summary>
public sealed record TerminalView(
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
)
{
    public static TerminalView From(TerminalRow t) =>
        new(
            t.TerminalId,
            t.ProviderId,
            t.County,
            t.Model,
            t.Latitude,
            t.Longitude,
            t.OpensAt,
            t.ClosesAt,
            t.Status,
            t.ActivationCodeExpiresAt,
            t.Version,
            t.RegisteredAt,
            t.DisabledAt
        );
}
