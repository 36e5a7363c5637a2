using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Credit;
using Npgsql;

namespace LoveCard.Whitelist.Providers;

public sealed record ProviderFilter(string? County, string? Status, string? ProviderType, string? Item, string? CreditBand, Guid? OnlyProvider, int Page, int PageSize);
