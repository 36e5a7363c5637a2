using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>Endpoint metadata: the gateway lets this endpoint through without a signature.</summary>
public sealed class UnsignedTerminalEndpoint
{
    public static readonly UnsignedTerminalEndpoint Instance = new();
}
