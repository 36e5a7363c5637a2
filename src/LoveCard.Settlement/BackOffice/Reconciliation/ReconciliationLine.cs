using Dapper;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

public sealed class ReconciliationLine
{
    public int LineNo { get; init; }

    /// <summary><c>matched</c>, <c>missing_in_lovecard</c>, <c>missing_in_provider</c> or
    /// <c>amount_differs</c>.</summary>
    public string Outcome { get; init; } = "";

    public string Key { get; init; } = "";

    public string? Item { get; init; }

    /// <summary>The row of the provider's file, when the line came from it.</summary>
    public int? ProviderRow { get; init; }

    public string? ProviderTime { get; init; }

    public long? ProviderAmountFen { get; init; }

    public long? LovecardAmountFen { get; init; }

    /// <summary>Provider's amount less LoveCard's (a missing side counts as 0).</summary>
    public long DifferenceFen { get; init; }

    public Guid? PurchaseId { get; init; }
}
