using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

public sealed record TotalsAnswer(
    DateOnly Date,
    string TerminalId,
    SourceTotals Approved,
    long DeclinedCount,
    SourceTotals Voided,
    SourceTotals Refunded,
    IReadOnlyList<ItemTotals> ByItem
);
