using System.Data;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting;
using Npgsql;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>Filters of <c>GET /api/audit</c>, validated.</summary>
public sealed record AuditQuery(
    string? County,
    string? AggregateId,
    string? Type,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Page,
    int PageSize
);
