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

public sealed class AnomalyView
{
    public Guid AnomalyId { get; init; }

    public string Rule { get; init; } = "";

    public string County { get; init; } = "";

    public Guid? ProviderId { get; init; }

    public Guid? CardId { get; init; }

    public Guid? PurchaseId { get; init; }

    public int CreditPoints { get; init; }

    /// <summary>The rule's evidence as JSON text (ids, times, counts; no personal data).</summary>
    public string Evidence { get; init; } = "{}";

    /// <summary>What the rule found, as a Chinese sentence (issue 17).</summary>
    public string RuleText => AnomalyTexts.Rule(Rule);

    /// <summary>The evidence in Chinese: each member as 标签：值.</summary>
    public string EvidenceText => AnomalyTexts.Evidence(Evidence);

    /// <summary><c>open</c>, <c>confirmed</c> or <c>dismissed</c>.</summary>
    public string Status { get; init; } = "";

    public DateTimeOffset RaisedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolutionNote { get; init; }
}
