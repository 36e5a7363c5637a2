// Linked into src/LoveCard.AuditVerify as well: the service's /api/audit/verify and the offline
// verifier walk a chain with this one class.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>A published head of the chain: entry <see cref="Seq"/> had hash <see cref="Hash"/>.</summary>
public sealed record AuditAnchor(long Seq, string Hash)
{
    /// <summary>Parses <c>seq:hash</c>.</summary>
    public static bool TryParse(string text, out AuditAnchor? anchor)
    {
        anchor = null;
        var parts = text.Split(':', 2);
        if (
            parts.Length != 2
            || !long.TryParse(
                parts[0],
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out var seq
            )
            || seq < 1
            || parts[1].Length != 64
            || !parts[1].All(Uri.IsHexDigit)
        )
        {
            return false;
        }

        anchor = new AuditAnchor(seq, parts[1].ToLowerInvariant());
        return true;
    }
}
