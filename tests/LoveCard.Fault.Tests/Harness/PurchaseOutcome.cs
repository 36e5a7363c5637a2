using System.Collections.Concurrent;
using System.Diagnostics;
using LoveCard.Terminal;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// What one logical purchase came to, as the terminal saw it: the key and the exact body bytes it
/// sent, and the final answer (status and bytes) or, when every attempt was lost, the error.
/// </summary>
public sealed class PurchaseOutcome(string terminalId, string key, byte[] body)
{
    public string TerminalId { get; } = terminalId;

    public string Key { get; } = key;

    public byte[] Body { get; } = body;

    public int? Status { get; set; }

    public byte[]? Answer { get; set; }

    public string? Error { get; set; }

    public TimeSpan Took { get; set; }

    /// <summary>The final answer was a replay of a kept answer (<c>Idempotent-Replayed: true</c>).</summary>
    public bool Replayed { get; set; }

    /// <summary>Sends (attempts) the client made for this purchase.</summary>
    public int Attempts { get; set; }

    public bool Approved => Status == 200 && Answer is not null && Read().Approved;

    public PurchaseAnswer Read() => ProtocolJson.Deserialize<PurchaseAnswer>(Answer!);

    public override string ToString() =>
        $"{TerminalId}/{Key}: "
        + $"{(Status is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error)}";
}
