using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Eligibility.Policies;

/// <summary>A stored policy version.</summary>
public sealed record PolicyVersion(
    string County,
    int Version,
    DateOnly EffectiveFrom,
    IReadOnlyList<CategoryPolicy> Categories,
    string Status,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string Reason,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt
);
