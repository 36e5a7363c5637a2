using System.Net;
using System.Text;

namespace LoveCard.Terminal.Tests;

/// <summary>One request as the fake server received it: what went over the wire, byte for byte.</summary>
public sealed record ReceivedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body
)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
