using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Terminals;

public sealed record NewTerminal(
    string? TerminalId,
    string Model,
    double? Latitude,
    double? Longitude,
    TimeOnly? OpensAt,
    TimeOnly? ClosesAt
);
