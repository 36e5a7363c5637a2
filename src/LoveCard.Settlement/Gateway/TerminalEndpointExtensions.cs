using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>The terminal that signed the request, verified by the gateway.</summary>
public sealed record TerminalIdentity(string TerminalId, Guid ProviderId, string County);

/// <summary>
/// The idempotent request's open transaction: the handler writes everything through it and never
/// commits it; the gateway stores the answer in it and commits (docs/terminal-protocol-implementation.md).
/// </summary>
public sealed class TerminalTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, string idempotencyKey)
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>What the request created (e.g. the purchase id), kept with the answer for look-ups by key.</summary>
    public string? ResourceId { get; set; }
}

/// <summary>Endpoint metadata: the gateway lets this endpoint through without a signature.</summary>
public sealed class UnsignedTerminalEndpoint
{
    public static readonly UnsignedTerminalEndpoint Instance = new();
}

/// <summary>Endpoint metadata: the gateway applies the protocol's idempotency to this endpoint.</summary>
public sealed class IdempotentTerminalEndpoint
{
    public static readonly IdempotentTerminalEndpoint Instance = new();
}

public static class TerminalEndpointExtensions
{
    /// <summary>Unsigned terminal endpoints (activation, time, qr-keys): rate-limited per client IP instead.</summary>
    public static TBuilder AllowUnsignedTerminal<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(UnsignedTerminalEndpoint.Instance);

    /// <summary>
    /// Requires <c>Idempotency-Key</c> and gives the handler <see cref="TerminalTransaction"/>
    /// (TERMINAL-PROTOCOL.md, "Idempotency").
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(IdempotentTerminalEndpoint.Instance);

    /// <summary>The verified terminal; only on signed <c>/terminal/v1</c> endpoints.</summary>
    public static TerminalIdentity Terminal(this HttpContext context) =>
        context.Features.Get<TerminalIdentity>()
        ?? throw new InvalidOperationException("No verified terminal: this endpoint is not a signed /terminal/v1 endpoint.");

    /// <summary>The open transaction of an idempotent terminal request; only on endpoints with <see cref="WithIdempotency"/>.</summary>
    public static TerminalTransaction TerminalTransaction(this HttpContext context) =>
        context.Features.Get<TerminalTransaction>()
        ?? throw new InvalidOperationException("No terminal transaction: the endpoint must be mapped with .WithIdempotency().");
}
