using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public static class PurchaseStatuses
{
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Voided = "voided";
}
