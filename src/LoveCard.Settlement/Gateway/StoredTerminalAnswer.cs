using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>An answer kept for an idempotency key: status, content type and body exactly as first sent.</summary>
public sealed record StoredTerminalAnswer(
    int StatusCode,
    string ContentType,
    byte[] Body,
    string? ResourceId,
    DateTimeOffset CreatedAt
);
