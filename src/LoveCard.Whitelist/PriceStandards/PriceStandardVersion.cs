using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Whitelist.PriceStandards;

public sealed record PriceStandardVersion
{
    public required string County { get; init; }
    public required int Version { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
    public required string Reason { get; init; }
    public required string SetBy { get; init; }
    public required DateTimeOffset SetAt { get; init; }
    public IReadOnlyList<PriceStandardItemRow> Items { get; init; } = [];
}
