using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>One line of a statement (对账清单): a purchase, a void, a refund or a dispute correction, with its split by
/// source.</summary>
public sealed class StatementLine
{
    public DateTimeOffset BookedAt { get; init; }

    /// <summary><c>purchase</c>, <c>void</c>, <c>refund</c> or <c>correction</c>; reversals carry negative
    /// amounts.</summary>
    public string Kind { get; init; } = "";

    public Guid LineId { get; init; }

    public Guid PurchaseId { get; init; }

    public string ReceiptNo { get; init; } = "";

    public string? IdempotencyKey { get; init; }

    public string TerminalId { get; init; } = "";

    public Guid ProviderId { get; init; }

    public Guid? ElderId { get; init; }

    public string? MaskedName { get; init; }

    public string? HomeCounty { get; init; }

    public string Item { get; init; } = "";

    public int Quantity { get; init; }

    public long AmountFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public long FamilyFen { get; init; }
}
