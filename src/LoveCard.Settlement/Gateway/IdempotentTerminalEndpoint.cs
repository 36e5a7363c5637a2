using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>Endpoint metadata: the gateway applies the protocol's idempotency to this endpoint.</summary>
public sealed class IdempotentTerminalEndpoint
{
    public static readonly IdempotentTerminalEndpoint Instance = new();
}
