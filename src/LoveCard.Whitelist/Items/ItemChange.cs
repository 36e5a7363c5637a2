using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Items;

/// <summary>An item as asked for, after the checks on its shape; <see cref="Index"/> names it in errors.</summary>
public sealed record ItemChange(
    int Index,
    string ItemCode,
    long UnitPriceFen,
    int DiscountPercent,
    DateOnly EffectiveFrom
);
