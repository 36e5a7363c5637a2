using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The message id of one event inside a pack (ADR 0051), for projections that keep a message id per event (the audit
/// trail): derived from the pack's MessageId, the event's kind and its place in the pack, so a pack handled again (a
/// rolled-back batch, a replay from the error queue) gives its events the same ids, and no two events share one.
/// </summary>
public static class PackItemIds
{
    public static Guid Of(Guid packId, string kind, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{packId:N}/{kind}/{index}"));
        // RFC 9562 version 8 (custom) and its variant bits, so the id reads as a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
