using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Supervision;

public sealed class AbsenceView
{
    public Guid AbsenceId { get; init; }

    public Guid ElderId { get; init; }

    /// <summary>The elder's home county.</summary>
    public string County { get; init; } = "";

    /// <summary><c>hospital</c> (住院) or <c>away</c> (外出).</summary>
    public string Kind { get; init; } = "";

    public DateTimeOffset From { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset To { get; init; }

    public string Reason { get; init; } = "";

    public string RecordedBy { get; init; } = "";

    public DateTimeOffset RecordedAt { get; init; }

    /// <summary><c>recorded</c> or <c>withdrawn</c>.</summary>
    public string Status { get; init; } = "recorded";

    public int Version { get; init; }

    public string? ChangedBy { get; init; }

    public DateTimeOffset? ChangedAt { get; init; }

    public string? ChangeReason { get; init; }
}
