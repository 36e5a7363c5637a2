using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>
/// Between this county and another: <c>OwedToFen</c> is what this county's funds covered for the
/// other's providers, <c>OwedByFen</c> the reverse; <c>NetFen</c> &gt; 0 means this county pays the other.
/// </summary>
public sealed class CountyNet
{
    public string CounterpartyCounty { get; init; } = "";

    public long OwedToFen { get; init; }

    public long OwedByFen { get; init; }

    public long NetFen { get; init; }
}
