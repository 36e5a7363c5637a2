using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

public sealed class DisputeView
{
    public Guid DisputeId { get; init; }

    public Guid ProviderId { get; init; }

    public string County { get; init; } = "";

    public Guid PurchaseId { get; init; }

    public long ClaimedFen { get; init; }

    public string Reason { get; init; } = "";

    /// <summary><c>open</c>, <c>accepted</c> or <c>rejected</c>.</summary>
    public string Status { get; init; } = "";

    public string RaisedBy { get; init; } = "";

    public DateTimeOffset RaisedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolutionNote { get; init; }

    /// <summary>The correcting ledger transaction an accepted dispute booked.</summary>
    public Guid? CorrectionId { get; init; }
}
