using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

public sealed class ClearingPeriodRow
{
    public string County { get; init; } = "";

    public string Period { get; init; } = "";

    public DateTimeOffset PeriodStart { get; init; }

    public DateTimeOffset PeriodEnd { get; init; }

    /// <summary>What the county's own funds owe providers for the period (sum of the obligations).</summary>
    public long TotalSubsidyFen { get; init; }

    public int PayoutCount { get; init; }

    public string ClosedBy { get; init; } = "";

    public DateTimeOffset ClosedAt { get; init; }
}
