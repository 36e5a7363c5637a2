using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>The terminal that signed the request, verified by the gateway.</summary>
public sealed record TerminalIdentity(string TerminalId, Guid ProviderId, string County);
