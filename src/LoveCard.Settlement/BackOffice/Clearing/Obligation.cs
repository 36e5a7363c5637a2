using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>What one fund of the county (per source; collective per village) owes one provider for the
/// period.</summary>
public sealed class Obligation
{
    public string Source { get; init; } = "";

    /// <summary>The village of a collective fund, else empty.</summary>
    public string VillageCode { get; init; } = "";

    public Guid ProviderId { get; init; }

    public string ProviderCounty { get; init; } = "";

    public long AmountFen { get; init; }
}
