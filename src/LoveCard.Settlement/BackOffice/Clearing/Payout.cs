using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>A payout instruction to one of the county's providers (paid through its own county, whichever county's
/// funds owe it).</summary>
public sealed class Payout
{
    public Guid ProviderId { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public long AmountFen { get; init; }

    /// <summary><c>instructed</c>, then <c>paid</c> or <c>failed</c>.</summary>
    public string Status { get; init; } = "";

    public string? StatusNote { get; init; }

    public string? StatusBy { get; init; }

    public DateTimeOffset? StatusAt { get; init; }

    /// <summary>The bank's reference, recorded with the payment (<c>PUT …/payment</c>, ADR 0041).</summary>
    public string? BankReference { get; init; }

    /// <summary>The day the bureau paid (Asia/Shanghai).</summary>
    public DateOnly? PaidOn { get; init; }
}
