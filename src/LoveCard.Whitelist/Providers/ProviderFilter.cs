using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Credit;
using Npgsql;

namespace LoveCard.Whitelist.Providers;

public sealed record ProviderFilter(
    string? County,
    string? Status,
    string? ProviderType,
    string? Item,
    string? CreditBand,
    Guid? OnlyProvider,
    int Page,
    int PageSize
)
{
    /// <summary>A part of the name or the unified social credit code (<c>q</c>).</summary>
    public string? Q { get; init; }

    /// <summary>Only the providers of this 9-digit township (a township or village official's, ADR 0044).</summary>
    public string? Township { get; init; }

    /// <summary>The SQL order from the listing's sort keys; county, name by default.</summary>
    public string OrderBy { get; init; } = "county, name, id";
}
