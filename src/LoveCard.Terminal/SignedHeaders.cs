using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Terminal;

/// <summary>The four headers of a signed request, and the canonical string they were computed from (for
/// debugging).</summary>
public sealed record SignedHeaders(
    string TerminalId,
    string Timestamp,
    string Nonce,
    string Signature,
    string CanonicalString
)
{
    /// <summary>Puts the four <c>X-LoveCard-*</c> headers on a request.</summary>
    public void ApplyTo(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation(TerminalSigner.TerminalHeader, TerminalId);
        request.Headers.TryAddWithoutValidation(TerminalSigner.TimestampHeader, Timestamp);
        request.Headers.TryAddWithoutValidation(TerminalSigner.NonceHeader, Nonce);
        request.Headers.TryAddWithoutValidation(TerminalSigner.SignatureHeader, Signature);
    }
}
