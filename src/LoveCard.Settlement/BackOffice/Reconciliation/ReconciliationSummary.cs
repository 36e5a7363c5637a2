using Dapper;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

public sealed class ReconciliationSummary
{
    public Guid ReconciliationId { get; init; }

    public Guid ProviderId { get; init; }

    public string County { get; init; } = "";

    public string Period { get; init; } = "";

    /// <summary><c>receiptNo</c> or <c>idempotencyKey</c>: what the provider's list was keyed by.</summary>
    public string KeyColumn { get; init; } = "";

    public int MatchedCount { get; init; }

    public int MissingInLovecard { get; init; }

    public int MissingInProvider { get; init; }

    public int AmountDifferences { get; init; }

    public long ProviderTotalFen { get; init; }

    public long LovecardTotalFen { get; init; }

    /// <summary>The part of <see cref="LovecardTotalFen"/> the ledger owes the provider as subsidy (its payable);
    /// null for a reconciliation made before the family's share was in the ledger (ADR 0040).</summary>
    public long? LovecardSubsidyFen { get; init; }

    /// <summary>The part of <see cref="LovecardTotalFen"/> families paid at the provider's counter (its counter
    /// account); subsidy + family = LoveCard's total.</summary>
    public long? LovecardFamilyFen { get; init; }

    public long DifferenceFen => ProviderTotalFen - LovecardTotalFen;

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
