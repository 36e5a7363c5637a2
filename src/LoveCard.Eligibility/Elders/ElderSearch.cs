using LoveCard.Eligibility.Classification;
using LoveCard.Hosting.PersonalData;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// What the listing's <c>q</c> finds an elder by (issue 17): an 18-character resident ID number
/// (through its keyed hash: the number is never stored in clear), a 9-character social-security
/// card number, or a full name (narrowed by the stored masked name, then compared with the
/// decrypted name, as <see cref="ElderLookupApi"/> does).
/// </summary>
public sealed record ElderSearch(string? IdHash, string? CardNumber, string? MaskedName, string? FullName)
{
    public static readonly ElderSearch None = new(null, null, null, null);

    public static ElderSearch Of(string? q, PersonalDataProtector protector)
    {
        if (q is null)
        {
            return None;
        }

        if (q.Length == 18 && ResidentId.TryParse(q, null, out _) is { } id)
        {
            return new ElderSearch(protector.Hash(id.Number), null, null, null);
        }

        if (q.Length == 9 && q.All(char.IsAsciiLetterOrDigit))
        {
            return new ElderSearch(null, q.ToUpperInvariant(), null, null);
        }

        return new ElderSearch(null, null, PersonalDataProtector.MaskName(q), q);
    }
}
