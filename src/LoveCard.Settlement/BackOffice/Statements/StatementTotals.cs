using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>Sums over every line of the statement (all pages); <c>SubsidyFen</c> is fiscal + collective +
/// charity.</summary>
public sealed record StatementTotals(
    int Lines,
    long AmountFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen,
    long SubsidyFen
);
