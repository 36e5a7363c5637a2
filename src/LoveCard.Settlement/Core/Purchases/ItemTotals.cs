using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

public sealed record ItemTotals(string Item, SourceTotals Approved, long DeclinedCount);
