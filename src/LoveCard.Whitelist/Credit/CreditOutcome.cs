using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Credit;

/// <summary>What booking a credit event did: the provider afterwards, and whether it was suspended by it.</summary>
public sealed record CreditOutcome(CreditEventRow Event, ProviderRow Provider, bool Suspended);
