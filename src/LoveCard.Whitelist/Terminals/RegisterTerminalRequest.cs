using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Terminals;

public sealed record RegisterTerminalRequest(
    [property: StringLength(32, ErrorMessage = "invalid_terminal_id")] string? TerminalId,
    [property: StringLength(100, ErrorMessage = "required")] string? Model,
    [property: Range(-90d, 90d, ErrorMessage = "invalid_latitude")] double? Latitude,
    [property: Range(-180d, 180d, ErrorMessage = "invalid_longitude")] double? Longitude,
    TimeOnly? OpensAt,
    TimeOnly? ClosesAt,
    [property: StringLength(500)] string? Reason
);
