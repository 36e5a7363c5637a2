using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

public sealed record ClearingResult(
    ClearingPeriodRow Period,
    long PayoutTotalFen,
    IReadOnlyList<Payout> Payouts,
    IReadOnlyList<Obligation> Obligations,
    IReadOnlyList<CountyNet> Nets,
    IReadOnlyList<BudgetLines.FiscalLineTotal> FiscalLines
);
