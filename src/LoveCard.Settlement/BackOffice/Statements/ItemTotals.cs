using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

public sealed record ItemTotals(
    string Item,
    int Lines,
    long Quantity,
    long AmountFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen
);
