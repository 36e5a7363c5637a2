using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>One provider's statement totals, overall and per item, as in its own statement.</summary>
public sealed record ProviderSummary(Guid ProviderId, StatementTotals Totals, IReadOnlyList<ItemTotals> Items);
