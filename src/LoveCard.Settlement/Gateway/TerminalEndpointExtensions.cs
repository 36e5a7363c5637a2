using Npgsql;

namespace LoveCard.Settlement.Gateway;

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
        ?? throw new InvalidOperationException(
            "No verified terminal: this endpoint is not a signed /terminal/v1 endpoint."
        );

    /// <summary>The open transaction of an idempotent terminal request; only on endpoints with
    /// <see cref="WithIdempotency"/>.</summary>
    public static TerminalTransaction TerminalTransaction(this HttpContext context) =>
        context.Features.Get<TerminalTransaction>()
        ?? throw new InvalidOperationException(
            "No terminal transaction: the endpoint must be mapped with .WithIdempotency()."
        );
}
