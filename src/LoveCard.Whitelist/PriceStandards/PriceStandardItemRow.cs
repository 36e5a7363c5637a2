using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Whitelist.PriceStandards;

public sealed record PriceStandardItemRow
{
    public required string ItemCode { get; init; }
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public required long CeilingFen { get; init; }
}
